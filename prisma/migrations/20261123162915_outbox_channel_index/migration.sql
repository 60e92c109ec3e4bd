-- CreateIndex
CREATE INDEX "OutboxMessage_status_channel_availableAt_id_idx" ON "OutboxMessage"("status", "channel", "availableAt", "id");
