-- CreateIndex
CREATE INDEX "User_handle_createdAt_idx" ON "User"("handle", "createdAt" DESC);
