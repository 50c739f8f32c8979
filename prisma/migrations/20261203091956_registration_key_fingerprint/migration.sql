-- CreateTable
CREATE TABLE "registration_key_fingerprints" (
    "purpose" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registration_key_fingerprints_pkey" PRIMARY KEY ("purpose")
);

