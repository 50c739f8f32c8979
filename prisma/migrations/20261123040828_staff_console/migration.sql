-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('admin', 'province', 'commune');

-- CreateEnum
CREATE TYPE "ProposalStatus" AS ENUM ('pending', 'approved', 'rejected');

-- CreateEnum
CREATE TYPE "HandoffStatus" AS ENUM ('open', 'closed');

-- CreateEnum
CREATE TYPE "CompanyLicenceStatus" AS ENUM ('licensed', 'revoked');

-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "recent" JSONB;

-- CreateTable
CREATE TABLE "staff_accounts" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "province_code" TEXT,
    "commune_key" TEXT,
    "commune_name" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "last_login_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "staff_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_sessions" (
    "token_hash" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "staff_sessions_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" SERIAL NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "detail" JSONB,
    "ip" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "question_log" (
    "id" SERIAL NOT NULL,
    "question" TEXT NOT NULL,
    "group_key" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "entry_id" TEXT,
    "score" DOUBLE PRECISION,
    "coverage" DOUBLE PRECISION,
    "channel" TEXT NOT NULL,
    "province" TEXT,
    "handled_at" TIMESTAMP(3),
    "handled_by" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "question_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "answer_feedback" (
    "id" SERIAL NOT NULL,
    "entry_id" TEXT NOT NULL,
    "helpful" BOOLEAN NOT NULL,
    "channel" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "answer_feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "phrasing_proposals" (
    "id" SERIAL NOT NULL,
    "question" TEXT NOT NULL,
    "entry_id" TEXT NOT NULL,
    "status" "ProposalStatus" NOT NULL DEFAULT 'pending',
    "proposed_by" TEXT NOT NULL,
    "decided_by" TEXT,
    "decided_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "phrasing_proposals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "handoffs" (
    "id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "channel_user_id" TEXT NOT NULL,
    "province_code" TEXT,
    "status" "HandoffStatus" NOT NULL DEFAULT 'open',
    "opened_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMP(3),
    "closed_by" TEXT,

    CONSTRAINT "handoffs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "handoff_messages" (
    "id" SERIAL NOT NULL,
    "handoff_id" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "staff_name" TEXT,
    "text" TEXT NOT NULL,
    "delivered_at" TIMESTAMP(3),
    "delivery_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "handoff_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licensed_companies" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "licence_number" TEXT,
    "status" "CompanyLicenceStatus" NOT NULL,
    "address" TEXT,
    "note" TEXT,
    "list_date" DATE NOT NULL,
    "updated_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "licensed_companies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_targets" (
    "id" SERIAL NOT NULL,
    "plan" TEXT NOT NULL,
    "province_code" TEXT NOT NULL,
    "commune_key" TEXT,
    "period" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "minimum" BIGINT NOT NULL,
    "maximum" BIGINT,
    "source" TEXT,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "plan_targets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "staff_accounts_username_key" ON "staff_accounts"("username");

-- CreateIndex
CREATE INDEX "staff_sessions_account_id_idx" ON "staff_sessions"("account_id");

-- CreateIndex
CREATE INDEX "staff_sessions_expires_at_idx" ON "staff_sessions"("expires_at");

-- CreateIndex
CREATE INDEX "audit_events_created_at_idx" ON "audit_events"("created_at");

-- CreateIndex
CREATE INDEX "audit_events_target_type_target_id_idx" ON "audit_events"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "question_log_outcome_created_at_idx" ON "question_log"("outcome", "created_at");

-- CreateIndex
CREATE INDEX "question_log_group_key_idx" ON "question_log"("group_key");

-- CreateIndex
CREATE INDEX "answer_feedback_entry_id_idx" ON "answer_feedback"("entry_id");

-- CreateIndex
CREATE INDEX "phrasing_proposals_status_created_at_idx" ON "phrasing_proposals"("status", "created_at");

-- CreateIndex
CREATE INDEX "handoffs_status_opened_at_idx" ON "handoffs"("status", "opened_at");

-- CreateIndex
CREATE INDEX "handoffs_channel_channel_user_id_status_idx" ON "handoffs"("channel", "channel_user_id", "status");

-- CreateIndex
CREATE INDEX "handoff_messages_handoff_id_id_idx" ON "handoff_messages"("handoff_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "licensed_companies_name_key_key" ON "licensed_companies"("name_key");

-- CreateIndex
CREATE UNIQUE INDEX "plan_targets_plan_period_metric_key" ON "plan_targets"("plan", "period", "metric");

-- AddForeignKey
ALTER TABLE "staff_sessions" ADD CONSTRAINT "staff_sessions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "staff_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "handoff_messages" ADD CONSTRAINT "handoff_messages_handoff_id_fkey" FOREIGN KEY ("handoff_id") REFERENCES "handoffs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

