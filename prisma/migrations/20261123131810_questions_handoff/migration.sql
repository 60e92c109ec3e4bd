-- CreateEnum
CREATE TYPE "QuestionStatus" AS ENUM ('open', 'answered');

-- CreateTable
CREATE TABLE "Question" (
    "id" SERIAL NOT NULL,
    "askerId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "articleId" TEXT,
    "province" TEXT,
    "commune" TEXT,
    "cooperativeId" INTEGER,
    "status" "QuestionStatus" NOT NULL DEFAULT 'open',
    "answerText" TEXT,
    "answeredById" INTEGER,
    "answeredAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Question_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KnowledgeDraft" (
    "id" SERIAL NOT NULL,
    "questionId" INTEGER,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedAt" TIMESTAMP(3),

    CONSTRAINT "KnowledgeDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnswerFeedback" (
    "id" SERIAL NOT NULL,
    "articleId" TEXT NOT NULL,
    "personId" INTEGER,
    "helpful" BOOLEAN NOT NULL,
    "question" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnswerFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Question_status_province_commune_idx" ON "Question"("status", "province", "commune");

-- CreateIndex
CREATE INDEX "Question_askerId_idx" ON "Question"("askerId");

-- CreateIndex
CREATE INDEX "AnswerFeedback_articleId_idx" ON "AnswerFeedback"("articleId");

-- AddForeignKey
ALTER TABLE "Question" ADD CONSTRAINT "Question_askerId_fkey" FOREIGN KEY ("askerId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
