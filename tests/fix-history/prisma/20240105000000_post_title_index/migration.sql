-- CreateIndex: two statements in one query string run in one implicit transaction, so no fix
CREATE INDEX "Post_title_idx" ON "Post"("title");

-- CreateIndex
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
