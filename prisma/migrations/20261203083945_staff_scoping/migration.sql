-- AlterTable
ALTER TABLE "announcements" ADD COLUMN     "province_code" TEXT;

-- AlterTable
ALTER TABLE "handoffs" ADD COLUMN     "commune_key" TEXT;

-- CreateIndex
CREATE INDEX "announcements_province_code_created_at_idx" ON "announcements"("province_code", "created_at");


-- Announcements made before this migration by province staff belong to their province.
UPDATE "announcements" a SET "province_code" = s."province_code"
FROM "staff_accounts" s
WHERE s."username" = a."created_by" AND s."role" = 'province';

-- Handoffs of registered people take the province and commune of their latest registration.
UPDATE "handoffs" h SET "province_code" = r."province_code", "commune_key" = r."commune_key"
FROM (
  SELECT DISTINCT ON ("channel", "channel_user_id") "channel", "channel_user_id", "province_code", "commune_key"
  FROM "registrations"
  WHERE "anonymised_at" IS NULL AND "channel_user_id" IS NOT NULL
  ORDER BY "channel", "channel_user_id", "created_at" DESC
) r
WHERE r."channel" = h."channel" AND r."channel_user_id" = h."channel_user_id";
