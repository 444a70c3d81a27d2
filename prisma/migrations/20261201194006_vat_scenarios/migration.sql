-- CreateTable
CREATE TABLE "VatScenario" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "ratesJson" TEXT NOT NULL DEFAULT '{}',
    "supplyCategoryJson" TEXT NOT NULL DEFAULT '{}',
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "VatScenario_slug_key" ON "VatScenario"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "VatScenario_name_key" ON "VatScenario"("name");


-- The named scenarios are data (issue 14 §4); operators may add more rows.
INSERT INTO "VatScenario" ("id", "slug", "name", "description", "ratesJson", "supplyCategoryJson", "position") VALUES
  ('vatscenario-digitaal-verlaagd', 'digitaal-verlaagd', 'Digitaal leermateriaal ook verlaagd tarief', 'Online licenties en andere elektronische diensten vallen onder het verlaagde tarief, net als gedrukt leermateriaal; de tarieven zelf blijven zoals ze golden.', '{}', '{"electronic":"reduced"}', 1),
  ('vatscenario-tarieven-2019', 'tarieven-2019', '9% / 21% (tarieven sinds 2019)', 'Het verlaagde tarief is 9% en het algemene 21%, zoals in Nederland sinds 1 januari 2019; digitaal blijft 21%.', '{"reduced":"9","standard":"21"}', '{}', 2),
  ('vatscenario-wet-2020', 'wet-2020', '9% / 21%, digitaal leermateriaal 9% (wet sinds 2020)', 'De tarieven sinds 2019 en digitaal leermateriaal tegen het verlaagde tarief, zoals de wet sinds 1 januari 2020 toestaat.', '{"reduced":"9","standard":"21"}', '{"electronic":"reduced"}', 3);
