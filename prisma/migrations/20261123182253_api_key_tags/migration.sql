-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];
