-- CreateEnum
CREATE TYPE "RegistrationStatus" AS ENUM ('submitted', 'contacted', 'eligible', 'loan_applied', 'departed', 'withdrawn', 'rejected');

-- CreateTable
CREATE TABLE "registrations" (
    "id" TEXT NOT NULL,
    "reference_code" TEXT,
    "applicant_type" TEXT NOT NULL,
    "full_name" TEXT,
    "birth_date" DATE,
    "birth_year" INTEGER NOT NULL,
    "gender" TEXT NOT NULL,
    "citizen_id_cipher" TEXT,
    "citizen_id_iv" TEXT,
    "citizen_id_tag" TEXT,
    "citizen_id_hash" TEXT,
    "phone_cipher" TEXT,
    "phone_iv" TEXT,
    "phone_tag" TEXT,
    "province_code" TEXT NOT NULL,
    "commune_name" TEXT,
    "commune_key" TEXT,
    "education" TEXT NOT NULL,
    "occupation" TEXT,
    "languages" TEXT,
    "desired_country" TEXT NOT NULL,
    "programme" TEXT NOT NULL,
    "expected_departure" TEXT NOT NULL,
    "loan_needed" BOOLEAN NOT NULL,
    "loan_amount_vnd" BIGINT,
    "priority_group" TEXT NOT NULL,
    "referral_source" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "channel_user_id" TEXT,
    "consent_at" TIMESTAMP(3) NOT NULL,
    "consent_version" TEXT NOT NULL,
    "status" "RegistrationStatus" NOT NULL DEFAULT 'submitted',
    "note" TEXT,
    "anonymised_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "registrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registration_events" (
    "id" SERIAL NOT NULL,
    "registration_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "from_status" "RegistrationStatus",
    "to_status" "RegistrationStatus" NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registration_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registration_drafts" (
    "channel" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "answers" JSONB NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "registration_drafts_pkey" PRIMARY KEY ("channel","user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "registrations_reference_code_key" ON "registrations"("reference_code");

-- CreateIndex
CREATE INDEX "registrations_province_code_created_at_idx" ON "registrations"("province_code", "created_at");

-- CreateIndex
CREATE INDEX "registrations_channel_channel_user_id_idx" ON "registrations"("channel", "channel_user_id");

-- CreateIndex
CREATE INDEX "registrations_citizen_id_hash_idx" ON "registrations"("citizen_id_hash");

-- CreateIndex
CREATE INDEX "registration_events_registration_id_created_at_idx" ON "registration_events"("registration_id", "created_at");

-- AddForeignKey
ALTER TABLE "registration_events" ADD CONSTRAINT "registration_events_registration_id_fkey" FOREIGN KEY ("registration_id") REFERENCES "registrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Written by hand: Prisma's schema cannot express a partial unique index. One active
-- registration per citizen ID; withdrawn, rejected, departed and anonymised rows do not count,
-- so a person can register again later.
CREATE UNIQUE INDEX "registrations_active_citizen_id_hash_key" ON "registrations"("citizen_id_hash")
WHERE "citizen_id_hash" IS NOT NULL AND "status" IN ('submitted', 'contacted', 'eligible', 'loan_applied');
