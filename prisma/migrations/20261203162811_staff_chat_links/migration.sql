-- CreateTable
CREATE TABLE "staff_chat_links" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "channel_user_id" TEXT NOT NULL,
    "linked_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_chat_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_link_codes" (
    "code_hash" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "staff_link_codes_pkey" PRIMARY KEY ("code_hash")
);

-- CreateTable
CREATE TABLE "staff_reminder_deliveries" (
    "reminder_key" TEXT NOT NULL,
    "link_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_reminder_deliveries_pkey" PRIMARY KEY ("reminder_key","link_id")
);

-- CreateIndex
CREATE INDEX "staff_chat_links_account_id_idx" ON "staff_chat_links"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "staff_chat_links_channel_channel_user_id_key" ON "staff_chat_links"("channel", "channel_user_id");

-- CreateIndex
CREATE INDEX "staff_link_codes_account_id_idx" ON "staff_link_codes"("account_id");

-- AddForeignKey
ALTER TABLE "staff_chat_links" ADD CONSTRAINT "staff_chat_links_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "staff_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_link_codes" ADD CONSTRAINT "staff_link_codes_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "staff_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

