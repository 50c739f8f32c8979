-- AlterTable
ALTER TABLE "processed_updates" ADD COLUMN     "completed_at" TIMESTAMP(3);


-- Updates recorded before this column existed were handled.
UPDATE "processed_updates" SET "completed_at" = "created_at";
