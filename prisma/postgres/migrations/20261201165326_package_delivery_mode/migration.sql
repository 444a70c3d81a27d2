-- CreateEnum
CREATE TYPE "DeliveryMode" AS ENUM ('SCHOOL', 'HOME');

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "deliveryMode" "DeliveryMode" NOT NULL DEFAULT 'SCHOOL';

-- AlterTable
ALTER TABLE "StudentPackage" ADD COLUMN     "deliveryDate" TEXT,
ADD COLUMN     "deliveryMode" "DeliveryMode" NOT NULL DEFAULT 'SCHOOL',
ADD COLUMN     "deliveryNote" TEXT;

