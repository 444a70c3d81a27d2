-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parentId" TEXT,
    "brin" TEXT,
    "sector" TEXT,
    "street" TEXT NOT NULL DEFAULT '',
    "postalCode" TEXT NOT NULL DEFAULT '',
    "city" TEXT NOT NULL DEFAULT '',
    "country" TEXT NOT NULL DEFAULT 'NL',
    "email" TEXT NOT NULL DEFAULT '',
    "kvkNumber" TEXT,
    "vatNumber" TEXT,
    "iban" TEXT,
    "poNumberRequired" BOOLEAN NOT NULL DEFAULT false,
    "allowRepeatPackageOrders" BOOLEAN NOT NULL DEFAULT false,
    "paymentTermDays" INTEGER NOT NULL DEFAULT 30,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Organisation_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Organisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "organisationId" TEXT,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "windowStart" DATETIME NOT NULL,
    "count" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Publisher" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Subject" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "LearningGoal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Title" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "publisherId" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "reviewed" BOOLEAN NOT NULL DEFAULT false,
    "searchText" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Title_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "Publisher" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Title_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "Subject" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TitleLevel" (
    "titleId" TEXT NOT NULL,
    "level" TEXT NOT NULL,

    PRIMARY KEY ("titleId", "level"),
    CONSTRAINT "TitleLevel_titleId_fkey" FOREIGN KEY ("titleId") REFERENCES "Title" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TitleYear" (
    "titleId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,

    PRIMARY KEY ("titleId", "year"),
    CONSTRAINT "TitleYear_titleId_fkey" FOREIGN KEY ("titleId") REFERENCES "Title" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TitleLearningGoal" (
    "titleId" TEXT NOT NULL,
    "goalId" TEXT NOT NULL,

    PRIMARY KEY ("titleId", "goalId"),
    CONSTRAINT "TitleLearningGoal_titleId_fkey" FOREIGN KEY ("titleId") REFERENCES "Title" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TitleLearningGoal_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "LearningGoal" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "titleId" TEXT NOT NULL,
    "ean" TEXT NOT NULL,
    "formatLabel" TEXT NOT NULL,
    "supply" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "licenceMonths" INTEGER,
    "stock" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Offer_titleId_fkey" FOREIGN KEY ("titleId") REFERENCES "Title" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BundleComponent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "offerId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "supply" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "shareE6" INTEGER NOT NULL,
    CONSTRAINT "BundleComponent_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SupplyCategory" (
    "supply" TEXT NOT NULL PRIMARY KEY,
    "category" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "VatRate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "category" TEXT NOT NULL,
    "percent" TEXT NOT NULL,
    "validFrom" TEXT NOT NULL,
    "validTo" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PriceList" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pricesIncludeVat" BOOLEAN NOT NULL DEFAULT false,
    "organisationId" TEXT,
    "validFrom" TEXT,
    "validTo" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PriceList_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PriceListEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "priceListId" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "unitPriceE4" INTEGER NOT NULL,
    CONSTRAINT "PriceListEntry_priceListId_fkey" FOREIGN KEY ("priceListId") REFERENCES "PriceList" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PriceListEntry_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PriceTier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "entryId" TEXT NOT NULL,
    "minQuantity" INTEGER NOT NULL,
    "unitPriceE4" INTEGER NOT NULL,
    CONSTRAINT "PriceTier_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "PriceListEntry" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Cart" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Cart_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Cart_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CartItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cartId" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "classGroup" TEXT NOT NULL DEFAULT '',
    "seenUnitPriceE4" INTEGER NOT NULL,
    "seenVatRates" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CartItem_cartId_fkey" FOREIGN KEY ("cartId") REFERENCES "Cart" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CartItem_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "paymentMethod" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "pseudonymId" TEXT,
    "packageId" TEXT,
    "poNumber" TEXT,
    "remark" TEXT,
    "pricesIncludeVat" BOOLEAN NOT NULL,
    "priceDate" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'EUR',
    "netCents" INTEGER NOT NULL,
    "vatCents" INTEGER NOT NULL,
    "grossCents" INTEGER NOT NULL,
    "breakdownJson" TEXT NOT NULL,
    "buyerJson" TEXT NOT NULL,
    "deliveryJson" TEXT NOT NULL,
    "placedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paidAt" DATETIME,
    "fulfilledAt" DATETIME,
    "cancelledAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Order_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Order_pseudonymId_fkey" FOREIGN KEY ("pseudonymId") REFERENCES "StudentPseudonym" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Order_packageId_fkey" FOREIGN KEY ("packageId") REFERENCES "StudentPackage" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "offerId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "ean" TEXT NOT NULL,
    "supply" TEXT NOT NULL,
    "licenceMonths" INTEGER,
    "quantity" INTEGER NOT NULL,
    "classGroup" TEXT NOT NULL DEFAULT '',
    "unitPriceE4" INTEGER NOT NULL,
    "lineAmountCents" INTEGER NOT NULL,
    "partsJson" TEXT NOT NULL,
    "refundedQuantity" INTEGER NOT NULL DEFAULT 0,
    "packageItemId" TEXT,
    CONSTRAINT "OrderLine_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OrderLine_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderVatLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "vatRate" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "taxableCents" INTEGER NOT NULL,
    "vatCents" INTEGER NOT NULL,
    CONSTRAINT "OrderVatLine_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Shipment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "linesJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "shippedAt" DATETIME,
    CONSTRAINT "Shipment_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "checkoutSessionId" TEXT NOT NULL,
    "paymentIntentId" TEXT,
    "status" TEXT NOT NULL,
    "amountCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "refundedCents" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Payment_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "paymentId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "providerRefundId" TEXT,
    "amountCents" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "linesJson" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Refund_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME
);

-- CreateTable
CREATE TABLE "NumberSequence" (
    "series" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    PRIMARY KEY ("series", "year")
);

-- CreateTable
CREATE TABLE "Invoice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "series" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "correctsId" TEXT,
    "schoolId" TEXT NOT NULL,
    "issueDate" TEXT NOT NULL,
    "dueDate" TEXT,
    "paymentMethod" TEXT NOT NULL,
    "buyerName" TEXT NOT NULL,
    "buyerJson" TEXT NOT NULL,
    "sellerJson" TEXT NOT NULL,
    "orderNumber" TEXT NOT NULL,
    "poNumber" TEXT,
    "pricesIncludeVat" BOOLEAN NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'EUR',
    "netCents" INTEGER NOT NULL,
    "vatCents" INTEGER NOT NULL,
    "grossCents" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Invoice_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Invoice_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Invoice_correctsId_fkey" FOREIGN KEY ("correctsId") REFERENCES "Invoice" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InvoiceLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "invoiceId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "ean" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitPriceE4" INTEGER NOT NULL,
    "vatRate" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "netCents" INTEGER NOT NULL,
    "grossCents" INTEGER NOT NULL,
    CONSTRAINT "InvoiceLine_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InvoiceVatLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "invoiceId" TEXT NOT NULL,
    "vatRate" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "taxableCents" INTEGER NOT NULL,
    "vatCents" INTEGER NOT NULL,
    "allowanceCents" INTEGER NOT NULL DEFAULT 0,
    "chargeCents" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "InvoiceVatLine_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InvoiceSettlement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "invoiceId" TEXT NOT NULL,
    "paidOn" TEXT NOT NULL,
    "markedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InvoiceSettlement_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StudentPackage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "classGroup" TEXT NOT NULL,
    "schoolYear" TEXT NOT NULL,
    "orderFrom" TEXT NOT NULL,
    "orderUntil" TEXT NOT NULL,
    "allowRepeatOrders" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StudentPackage_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PackageItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "packageId" TEXT NOT NULL,
    "titleId" TEXT,
    "label" TEXT NOT NULL,
    "paidBy" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "PackageItem_packageId_fkey" FOREIGN KEY ("packageId") REFERENCES "StudentPackage" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PackageItem_titleId_fkey" FOREIGN KEY ("titleId") REFERENCES "Title" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PackageItemOffer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "itemId" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    CONSTRAINT "PackageItemOffer_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "PackageItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PackageItemOffer_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StudentPseudonym" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schoolId" TEXT NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "classGroup" TEXT NOT NULL,
    "schoolYear" TEXT NOT NULL,
    "orderCodeHash" TEXT NOT NULL,
    "codeExpiresOn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StudentPseudonym_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Licence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderLineId" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "pseudonymId" TEXT,
    "classGroup" TEXT NOT NULL DEFAULT '',
    "validFrom" TEXT NOT NULL,
    "validTo" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "assignedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "Licence_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Licence_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Licence_orderLineId_fkey" FOREIGN KEY ("orderLineId") REFERENCES "OrderLine" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Licence_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Licence_pseudonymId_fkey" FOREIGN KEY ("pseudonymId") REFERENCES "StudentPseudonym" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "detailJson" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "AuditLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_brin_key" ON "Organisation"("brin");

-- CreateIndex
CREATE INDEX "Organisation_parentId_idx" ON "Organisation"("parentId");

-- CreateIndex
CREATE INDEX "Organisation_kind_idx" ON "Organisation"("kind");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Membership_organisationId_idx" ON "Membership"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_userId_organisationId_role_key" ON "Membership"("userId", "organisationId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Publisher_name_key" ON "Publisher"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Subject_code_key" ON "Subject"("code");

-- CreateIndex
CREATE UNIQUE INDEX "LearningGoal_code_key" ON "LearningGoal"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Title_slug_key" ON "Title"("slug");

-- CreateIndex
CREATE INDEX "Title_publisherId_idx" ON "Title"("publisherId");

-- CreateIndex
CREATE INDEX "Title_subjectId_idx" ON "Title"("subjectId");

-- CreateIndex
CREATE INDEX "Title_sector_idx" ON "Title"("sector");

-- CreateIndex
CREATE INDEX "Title_reviewed_idx" ON "Title"("reviewed");

-- CreateIndex
CREATE INDEX "Title_name_idx" ON "Title"("name");

-- CreateIndex
CREATE INDEX "TitleLevel_level_idx" ON "TitleLevel"("level");

-- CreateIndex
CREATE INDEX "TitleYear_year_idx" ON "TitleYear"("year");

-- CreateIndex
CREATE INDEX "TitleLearningGoal_goalId_idx" ON "TitleLearningGoal"("goalId");

-- CreateIndex
CREATE UNIQUE INDEX "Offer_ean_key" ON "Offer"("ean");

-- CreateIndex
CREATE INDEX "Offer_titleId_idx" ON "Offer"("titleId");

-- CreateIndex
CREATE INDEX "Offer_format_idx" ON "Offer"("format");

-- CreateIndex
CREATE INDEX "Offer_supply_idx" ON "Offer"("supply");

-- CreateIndex
CREATE UNIQUE INDEX "BundleComponent_offerId_position_key" ON "BundleComponent"("offerId", "position");

-- CreateIndex
CREATE INDEX "VatRate_category_validFrom_idx" ON "VatRate"("category", "validFrom");

-- CreateIndex
CREATE INDEX "PriceList_organisationId_idx" ON "PriceList"("organisationId");

-- CreateIndex
CREATE INDEX "PriceList_kind_idx" ON "PriceList"("kind");

-- CreateIndex
CREATE INDEX "PriceListEntry_offerId_idx" ON "PriceListEntry"("offerId");

-- CreateIndex
CREATE UNIQUE INDEX "PriceListEntry_priceListId_offerId_key" ON "PriceListEntry"("priceListId", "offerId");

-- CreateIndex
CREATE UNIQUE INDEX "PriceTier_entryId_minQuantity_key" ON "PriceTier"("entryId", "minQuantity");

-- CreateIndex
CREATE INDEX "Cart_schoolId_idx" ON "Cart"("schoolId");

-- CreateIndex
CREATE UNIQUE INDEX "Cart_userId_schoolId_key" ON "Cart"("userId", "schoolId");

-- CreateIndex
CREATE INDEX "CartItem_offerId_idx" ON "CartItem"("offerId");

-- CreateIndex
CREATE UNIQUE INDEX "CartItem_cartId_offerId_classGroup_key" ON "CartItem"("cartId", "offerId", "classGroup");

-- CreateIndex
CREATE UNIQUE INDEX "Order_number_key" ON "Order"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Order_idempotencyKey_key" ON "Order"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Order_schoolId_placedAt_idx" ON "Order"("schoolId", "placedAt");

-- CreateIndex
CREATE INDEX "Order_userId_idx" ON "Order"("userId");

-- CreateIndex
CREATE INDEX "Order_pseudonymId_idx" ON "Order"("pseudonymId");

-- CreateIndex
CREATE INDEX "Order_packageId_idx" ON "Order"("packageId");

-- CreateIndex
CREATE INDEX "Order_status_idx" ON "Order"("status");

-- CreateIndex
CREATE INDEX "OrderLine_offerId_idx" ON "OrderLine"("offerId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderLine_orderId_position_key" ON "OrderLine"("orderId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "OrderVatLine_orderId_vatRate_key" ON "OrderVatLine"("orderId", "vatRate");

-- CreateIndex
CREATE INDEX "Shipment_orderId_idx" ON "Shipment"("orderId");

-- CreateIndex
CREATE INDEX "Shipment_status_idx" ON "Shipment"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_checkoutSessionId_key" ON "Payment"("checkoutSessionId");

-- CreateIndex
CREATE INDEX "Payment_orderId_idx" ON "Payment"("orderId");

-- CreateIndex
CREATE INDEX "Payment_paymentIntentId_idx" ON "Payment"("paymentIntentId");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_providerRefundId_key" ON "Refund"("providerRefundId");

-- CreateIndex
CREATE INDEX "Refund_paymentId_idx" ON "Refund"("paymentId");

-- CreateIndex
CREATE INDEX "Refund_orderId_idx" ON "Refund"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_number_key" ON "Invoice"("number");

-- CreateIndex
CREATE INDEX "Invoice_orderId_idx" ON "Invoice"("orderId");

-- CreateIndex
CREATE INDEX "Invoice_correctsId_idx" ON "Invoice"("correctsId");

-- CreateIndex
CREATE INDEX "Invoice_schoolId_issueDate_idx" ON "Invoice"("schoolId", "issueDate");

-- CreateIndex
CREATE INDEX "Invoice_issueDate_idx" ON "Invoice"("issueDate");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_series_year_sequence_key" ON "Invoice"("series", "year", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceLine_invoiceId_position_key" ON "InvoiceLine"("invoiceId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceVatLine_invoiceId_vatRate_key" ON "InvoiceVatLine"("invoiceId", "vatRate");

-- CreateIndex
CREATE INDEX "InvoiceSettlement_invoiceId_idx" ON "InvoiceSettlement"("invoiceId");

-- CreateIndex
CREATE INDEX "StudentPackage_schoolId_idx" ON "StudentPackage"("schoolId");

-- CreateIndex
CREATE INDEX "StudentPackage_schoolId_classGroup_schoolYear_idx" ON "StudentPackage"("schoolId", "classGroup", "schoolYear");

-- CreateIndex
CREATE INDEX "PackageItem_titleId_idx" ON "PackageItem"("titleId");

-- CreateIndex
CREATE UNIQUE INDEX "PackageItem_packageId_position_key" ON "PackageItem"("packageId", "position");

-- CreateIndex
CREATE INDEX "PackageItemOffer_offerId_idx" ON "PackageItemOffer"("offerId");

-- CreateIndex
CREATE UNIQUE INDEX "PackageItemOffer_itemId_offerId_key" ON "PackageItemOffer"("itemId", "offerId");

-- CreateIndex
CREATE UNIQUE INDEX "StudentPseudonym_orderCodeHash_key" ON "StudentPseudonym"("orderCodeHash");

-- CreateIndex
CREATE INDEX "StudentPseudonym_schoolId_classGroup_idx" ON "StudentPseudonym"("schoolId", "classGroup");

-- CreateIndex
CREATE UNIQUE INDEX "StudentPseudonym_schoolId_pseudonym_key" ON "StudentPseudonym"("schoolId", "pseudonym");

-- CreateIndex
CREATE UNIQUE INDEX "Licence_code_key" ON "Licence"("code");

-- CreateIndex
CREATE INDEX "Licence_offerId_idx" ON "Licence"("offerId");

-- CreateIndex
CREATE INDEX "Licence_orderId_idx" ON "Licence"("orderId");

-- CreateIndex
CREATE INDEX "Licence_orderLineId_idx" ON "Licence"("orderLineId");

-- CreateIndex
CREATE INDEX "Licence_schoolId_idx" ON "Licence"("schoolId");

-- CreateIndex
CREATE INDEX "Licence_pseudonymId_idx" ON "Licence"("pseudonymId");

-- CreateIndex
CREATE INDEX "AuditLog_entity_entityId_idx" ON "AuditLog"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_userId_idx" ON "AuditLog"("userId");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

