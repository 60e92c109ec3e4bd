-- AlterTable
ALTER TABLE "Cooperative" ADD COLUMN     "facts" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Invite" ADD COLUMN     "personId" INTEGER;

-- CreateTable
CREATE TABLE "EligibilitySnapshot" (
    "cooperativeId" INTEGER NOT NULL,
    "digest" TEXT NOT NULL,
    "lines" JSONB NOT NULL,
    "evaluatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EligibilitySnapshot_pkey" PRIMARY KEY ("cooperativeId")
);

-- CreateIndex
CREATE INDEX "Invite_personId_idx" ON "Invite"("personId");

-- AddForeignKey
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EligibilitySnapshot" ADD CONSTRAINT "EligibilitySnapshot_cooperativeId_fkey" FOREIGN KEY ("cooperativeId") REFERENCES "Cooperative"("id") ON DELETE CASCADE ON UPDATE CASCADE;
