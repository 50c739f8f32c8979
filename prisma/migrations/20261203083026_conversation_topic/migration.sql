-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "topic" JSONB;

