-- AlterTable
ALTER TABLE "Post" ADD COLUMN "score" INTEGER NOT NULL DEFAULT 0;

-- A check Prisma does not write, added by hand
ALTER TABLE "Post" ADD CONSTRAINT "Post_score_check" CHECK ("score" >= 0);
