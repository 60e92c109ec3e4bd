-- CreateTable
CREATE TABLE "InboxEvent" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "chatKey" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handledAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboxReply" (
    "id" SERIAL NOT NULL,
    "inboxId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "chatKey" TEXT NOT NULL,
    "message" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "outcome" TEXT,

    CONSTRAINT "InboxReply_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatLease" (
    "chatKey" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChatLease_pkey" PRIMARY KEY ("chatKey")
);

-- CreateIndex
CREATE INDEX "InboxEvent_handledAt_chatKey_idx" ON "InboxEvent"("handledAt", "chatKey");

-- CreateIndex
CREATE INDEX "InboxEvent_chatKey_id_idx" ON "InboxEvent"("chatKey", "id");

-- CreateIndex
CREATE UNIQUE INDEX "InboxEvent_channel_eventId_key" ON "InboxEvent"("channel", "eventId");

-- CreateIndex
CREATE INDEX "InboxReply_sentAt_chatKey_idx" ON "InboxReply"("sentAt", "chatKey");

-- CreateIndex
CREATE INDEX "InboxReply_chatKey_id_idx" ON "InboxReply"("chatKey", "id");
