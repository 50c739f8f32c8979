-- CreateEnum
CREATE TYPE "OutcomeKind" AS ENUM ('loan_applied', 'loan_approved', 'loan_refused', 'loan_disbursed', 'support_paid', 'departed', 'returned', 'retracted');

-- CreateTable
CREATE TABLE "registration_outcomes" (
    "id" SERIAL NOT NULL,
    "registration_id" TEXT NOT NULL,
    "kind" "OutcomeKind" NOT NULL,
    "occurred_on" DATE NOT NULL,
    "amount_vnd" BIGINT,
    "loan_programme" TEXT,
    "capital_line" TEXT,
    "support_kind" TEXT,
    "country" TEXT,
    "programme" TEXT,
    "company_id" INTEGER,
    "company_name" TEXT,
    "return_kind" TEXT,
    "return_reason" TEXT,
    "retracts_id" INTEGER,
    "source" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registration_outcomes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "registration_outcomes_retracts_id_key" ON "registration_outcomes"("retracts_id");

-- CreateIndex
CREATE INDEX "registration_outcomes_registration_id_id_idx" ON "registration_outcomes"("registration_id", "id");

-- CreateIndex
CREATE INDEX "registration_outcomes_created_at_idx" ON "registration_outcomes"("created_at");

-- AddForeignKey
ALTER TABLE "registration_outcomes" ADD CONSTRAINT "registration_outcomes_registration_id_fkey" FOREIGN KEY ("registration_id") REFERENCES "registrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "registration_outcomes" ADD CONSTRAINT "registration_outcomes_retracts_id_fkey" FOREIGN KEY ("retracts_id") REFERENCES "registration_outcomes"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- Written by hand: Prisma's schema cannot express a trigger. Outcomes are append-only: a
-- mistake is cancelled by a `retracted` row, so a changed row would silently change the figures
-- of reports already sent. Deleting stays possible (a cascade from a deleted registration).
CREATE FUNCTION "registration_outcomes_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'registration_outcomes is append-only: record a retraction instead';
END;
$$;

CREATE TRIGGER "registration_outcomes_append_only" BEFORE UPDATE ON "registration_outcomes"
FOR EACH ROW EXECUTE FUNCTION "registration_outcomes_refuse_update"();
