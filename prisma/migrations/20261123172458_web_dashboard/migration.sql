-- CreateEnum
CREATE TYPE "CooperativeKind" AS ENUM ('cooperative', 'union', 'group');

-- AlterTable
ALTER TABLE "Cooperative" ADD COLUMN     "kind" "CooperativeKind" NOT NULL DEFAULT 'cooperative';

-- CreateTable
CREATE TABLE "WebLoginLink" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "WebLoginLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebSession" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "WebSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WebLoginLink_hash_key" ON "WebLoginLink"("hash");

-- CreateIndex
CREATE INDEX "WebLoginLink_personId_idx" ON "WebLoginLink"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "WebSession_hash_key" ON "WebSession"("hash");

-- CreateIndex
CREATE INDEX "WebSession_personId_idx" ON "WebSession"("personId");

-- AddForeignKey
ALTER TABLE "WebLoginLink" ADD CONSTRAINT "WebLoginLink_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebSession" ADD CONSTRAINT "WebSession_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
