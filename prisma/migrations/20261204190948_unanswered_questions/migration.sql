-- CreateTable
CREATE TABLE "UnansweredQuestion" (
    "id" SERIAL NOT NULL,
    "text" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "topic" TEXT,
    "closestArticleId" TEXT,
    "province" TEXT,
    "commune" TEXT,
    "cooperativeId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnansweredQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "UnansweredQuestion_createdAt_idx" ON "UnansweredQuestion"("createdAt");
