-- CreateEnum
CREATE TYPE "PushEventStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "apiClientId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "cursor" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PushEvent" (
    "id" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "changeId" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" "PushEventStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PushEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PushAttempt" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "statusCode" INTEGER,
    "error" TEXT,
    "durationMs" INTEGER NOT NULL,

    CONSTRAINT "PushAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookEndpoint_apiClientId_idx" ON "WebhookEndpoint"("apiClientId");

-- CreateIndex
CREATE INDEX "PushEvent_status_nextAttemptAt_idx" ON "PushEvent"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "PushEvent_changeId_idx" ON "PushEvent"("changeId");

-- CreateIndex
CREATE UNIQUE INDEX "PushEvent_endpointId_changeId_key" ON "PushEvent"("endpointId", "changeId");

-- CreateIndex
CREATE INDEX "PushAttempt_eventId_at_idx" ON "PushAttempt"("eventId", "at");

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_apiClientId_fkey" FOREIGN KEY ("apiClientId") REFERENCES "ApiClient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PushEvent" ADD CONSTRAINT "PushEvent_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PushEvent" ADD CONSTRAINT "PushEvent_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "LicenceChange"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PushAttempt" ADD CONSTRAINT "PushAttempt_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "PushEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

