-- AlterTable
ALTER TABLE "processed_updates" ADD COLUMN     "payload" TEXT;

