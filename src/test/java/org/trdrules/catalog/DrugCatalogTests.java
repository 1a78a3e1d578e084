package org.trdrules.catalog;

import org.trdrules.engine.Csv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bundled catalogue: look-ups, coverage of the CMS128 antidepressant value set, and typed errors. */
class DrugCatalogTests {

    private final DrugCatalog catalog = DrugCatalog.bundled();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"sertraline, sertraline", "ZOLOFT, sertraline", "Lexapro, escitalopram", "36437, sertraline",
        "N06AX16, venlafaxine", "Wellbutrin, bupropion", "Abilify, aripiprazole", "Emsam, selegiline",
        "  Cymbalta , duloxetine"})
    void findsByNameBrandRxcuiAndAtc(String key, String ingredient) {
        assertEquals(ingredient, catalog.find(key).orElseThrow().ingredient());
    }

    @Test
    void unknownNamesAreNotGuessed() {
        assertTrue(catalog.find("wonderzine").isEmpty());
        assertTrue(catalog.find(null).isEmpty());
    }

    @Test
    void everyIngredientOfTheCms128ValueSetResolvesExceptTheNonAntidepressantPartners() throws Exception {
        List<String> missing = new ArrayList<>();
        try (var in = getClass().getResourceAsStream("/org/trdrules/catalog/cms128-antidepressant-valueset.csv")) {
            List<List<String>> rows = Csv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
            assertEquals(179, rows.size(), "178 codes and a header");
            for (List<String> r : rows.subList(1, rows.size())) {
                for (String part : r.get(2).split(" / ")) {
                    if (!part.equals("perphenazine") && !part.equals("chlordiazepoxide")
                            && catalog.find(part).isEmpty()) {
                        missing.add(part);
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyAntidepressantWithAMinimumDoseSaysWhereItComesFrom() {
        for (Drug d : catalog.drugs()) {
            if (d.minDailyDoseMg().value() != null) {
                assertTrue(d.minDailyDoseMg().citation() != null && d.minDailyDoseMg().status() != null, d.ingredient());
            }
        }
        assertEquals(150.0, catalog.find("venlafaxine").orElseThrow().minDailyDoseMg().value(),
                "ATRQ minimum, so 75 mg is 'dose too low' as in the published example");
        assertTrue(catalog.find("sertraline").orElseThrow().maxDailyDoseMg().confirmed());
    }

    @Test
    void badCatalogueRowsAreTypedErrorsNamingRowAndColumn() {
        String header = "ingredient,role,drug_class,mechanism,atc_code,rxcui,rxcui_status,min_daily_dose_mg,"
                + "min_dose_source,min_dose_status,max_daily_dose_mg,max_dose_source,max_dose_status,brand_names,notes\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DrugCatalog.fromCsv(
                new StringReader(header + "x,antidepressant,SSRI,m,,,,ten,,,,,,,\n")));
        assertEquals("TRD-CATALOG-001: catalogue row 1 column min_daily_dose_mg is not a number", e.getMessage());
        IllegalArgumentException cls = assertThrows(IllegalArgumentException.class, () -> DrugCatalog.fromCsv(
                new StringReader(header + "x,antidepressant,XYZ,m,,,,,,,,,,,\n")));
        assertTrue(cls.getMessage().contains("drug_class"));
    }
}
