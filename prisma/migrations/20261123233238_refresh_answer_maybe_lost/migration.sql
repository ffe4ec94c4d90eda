-- AlterTable
ALTER TABLE "connections" ADD COLUMN     "refresh_answer_maybe_lost" BOOLEAN NOT NULL DEFAULT false;

-- Connections whose last failed call was a network failure may have lost a rotated refresh token's answer.
UPDATE "connections" SET "refresh_answer_maybe_lost" = true WHERE "last_refresh_error" = 'network' OR "refresh_in_flight_at" IS NOT NULL;
