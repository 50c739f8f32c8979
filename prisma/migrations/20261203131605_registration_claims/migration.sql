-- CreateTable
CREATE TABLE "registration_claims" (
    "id" TEXT NOT NULL,
    "registration_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "channel_user_id" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    "code_hash" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "decided_at" TIMESTAMP(3),
    "decided_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registration_claims_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "registration_claims_channel_channel_user_id_status_idx" ON "registration_claims"("channel", "channel_user_id", "status");

-- CreateIndex
CREATE INDEX "registration_claims_registration_id_idx" ON "registration_claims"("registration_id");

-- CreateIndex
CREATE INDEX "registration_claims_created_at_idx" ON "registration_claims"("created_at");

