package org.trdrules.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.trdrules.ErrorCode;
import org.trdrules.assessment.Evidence;
import org.trdrules.assessment.OptionFamily;
import org.trdrules.engine.Csv;
import org.trdrules.catalog.Drug;
import org.trdrules.catalog.DrugCatalog;

/**
 * The treatment-option catalogue as data: {@code catalog/options.csv} (one row per concrete option: id, family, rule
 * group, ingredients, label, grades, reason when ungraded), {@code catalog/grades.csv} (guideline, section, line,
 * level, population) and {@code catalog/evidence-sources.csv} (the published guidelines). Read once per engine; the
 * options never depend on the patient. An option whose drug the engine's drug catalogue does not know is left out
 * (an integrator's own catalogue may drop drugs). Makes no judgement: every status comes from the rules.
 * Immutable and thread-safe.
 */
final class OptionCatalog {

    static final String OPTIONS = "/org/trdrules/catalog/options.csv";
    static final String GRADES = "/org/trdrules/catalog/grades.csv";
    static final String SOURCES = "/org/trdrules/catalog/evidence-sources.csv";

    /** Populations a grade may be restricted to that are milder than treatment-resistant depression. */
    private static final Set<String> MILDER = Set.of("mild", "moderate", "mild-moderate");

    /**
     * The static part of one option.
     *
     * @param index       catalogue order
     * @param milderOnly  every grade is for mild or moderate depression only
     * @param ingredientSets names of the ingredient value sets the first drug is in (looked up once per engine)
     */
    record Def(int index, String id, String family, String group, List<String> ingredients, String drugClass,
               String label, List<Evidence> evidence, String noGradeReason, boolean milderOnly,
               Set<String> ingredientSets, org.trdrules.assessment.OptionFamily familyType) {
        String ingredient() {
            return ingredients.isEmpty() ? null : ingredients.get(0);
        }
        String secondIngredient() {
            return ingredients.size() < 2 ? null : ingredients.get(1);
        }
    }

    private final List<Def> defs;

    private OptionCatalog(List<Def> defs) {
        this.defs = List.copyOf(defs);
    }

    List<Def> defs() {
        return defs;
    }

    /** The options of these families only, in catalogue order (this catalogue when it has no other). */
    OptionCatalog only(Set<org.trdrules.assessment.OptionFamily> families) {
        List<Def> kept = defs.stream().filter(d -> families.contains(d.familyType())).toList();
        return kept.size() == defs.size() ? this : new OptionCatalog(kept);
    }

    static OptionCatalog load(DrugCatalog drugs) {
        Map<String, String> sources = new HashMap<>();
        for (List<String> r : rows(SOURCES, 2)) {
            sources.put(r.get(0), r.get(1));
        }
        Map<String, Evidence> grades = new HashMap<>();
        for (List<String> r : rows(GRADES, 7)) {
            String citation = sources.get(r.get(6));
            if (citation == null) {
                throw bad(GRADES, "grade " + r.get(0) + " names unknown source " + r.get(6));
            }
            grades.put(r.get(0), new Evidence(r.get(1), r.get(2), blank(r.get(3)), blank(r.get(4)), blank(r.get(5)),
                    citation));
        }
        List<Def> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (List<String> r : rows(OPTIONS, 7)) {
            String id = r.get(0);
            if (!ids.add(id)) {
                throw bad(OPTIONS, "option id " + id + " twice");
            }
            OptionFamily.ofId(r.get(1)); // fails on an unknown family
            List<String> ingredients = r.get(3).isEmpty() ? List.of() : Arrays.asList(r.get(3).split(";"));
            String cls = null;
            boolean known = true;
            for (String i : ingredients) {
                Drug d = drugs.find(i).orElse(null);
                if (d == null) {
                    known = false;
                } else if (cls == null) {
                    cls = d.drugClass() == null ? null : d.drugClass().name();
                }
            }
            if (!known) {
                continue;
            }
            List<Evidence> ev = new ArrayList<>();
            boolean milder = !r.get(5).isEmpty();
            for (String g : r.get(5).isEmpty() ? new String[0] : r.get(5).split(";")) {
                Evidence e = grades.get(g);
                if (e == null) {
                    throw bad(OPTIONS, "option " + id + " names unknown grade " + g);
                }
                ev.add(e);
                milder &= e.population() != null && MILDER.contains(e.population());
            }
            String noGrade = ev.isEmpty() ? (r.get(6).isEmpty() ? "no guideline grade" : r.get(6)) : null;
            out.add(new Def(out.size(), id, r.get(1), r.get(2), List.copyOf(ingredients), cls, r.get(4), List.copyOf(ev),
                    noGrade, milder, IngredientSets.setsOf(ingredients.isEmpty() ? null : ingredients.get(0)),
                    org.trdrules.assessment.OptionFamily.ofId(r.get(1))));
        }
        return new OptionCatalog(out);
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static IllegalStateException bad(String file, String what) {
        return new IllegalStateException(ErrorCode.CATALOG_MISSING.message("option catalogue " + file + ": " + what));
    }

    private static List<List<String>> rows(String resource, int columns) {
        try (InputStream in = OptionCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw bad(resource, "missing");
            }
            List<List<String>> all = Csv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<List<String>> out = new ArrayList<>(all.size());
            for (int i = 1; i < all.size(); i++) {
                List<String> r = all.get(i);
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue;
                }
                if (r.size() != columns) {
                    throw bad(resource, "line " + (i + 1) + " has " + r.size() + " columns, expected " + columns);
                }
                out.add(r);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
