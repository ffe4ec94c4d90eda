-- AlterTable
ALTER TABLE "oauth_apps" ADD COLUMN     "refresh_special_case" TEXT;
