-- CreateIndex
CREATE INDEX "OutboxMessage_personId_sentAt_idx" ON "OutboxMessage"("personId", "sentAt");
