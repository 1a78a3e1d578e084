package org.trdrules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdrules.model.CodedCondition;

/** The value sets load and validate, answer by system and prefix, and every name the rules query exists. */
class ValueSetsTests {

    private static final String HEADER = "valueset,system,code,match,display,source,version\n";
    private static final String ICD = "http://hl7.org/fhir/sid/icd-10-cm";

    private static ValueSets of(String csv) {
        return ValueSets.load(f -> new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), List.of("t.csv"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad header|valueset,system,code\\nx,y,z\\n|:1:",
            "unknown system|x,http://example.org,F31,prefix,d,src,v1\\n|:2: system",
            "bad match|x," + ICD + ",F31,starts,d,src,v1\\n|:2: match",
            "regex not compiling|x," + ICD + ",T(36,regex,d,src,v1\\n|:2: regex code does not compile",
            "regex with a dot|x," + ICD + ",T43.2,regex,d,src,v1\\n|:2: regex code must use",
            "blank source|x," + ICD + ",F31,prefix,d,,v1\\n|:2: source",
            "blank version|x," + ICD + ",F31,prefix,d,src,\\n|:2: version",
            "bad name|Bipolar," + ICD + ",F31,prefix,d,src,v1\\n|:2: valueset",
            "short row|x," + ICD + ",F31,prefix\\n|:2: expected 7 columns",
            "repeated row|x," + ICD + ",F31,prefix,d,src,v1\\nx," + ICD + ",F31,prefix,e,src,v1\\n|:3: row repeats"})
    void aBadRowIsCatalog001WithFileAndLine(String what, String body, String expected) {
        String csv = what.equals("bad header") ? body.replace("\\n", "\n") : HEADER + body.replace("\\n", "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of(csv));
        assertTrue(e.getMessage().startsWith("TRD-CATALOG-001"), e.getMessage());
        assertTrue(e.getMessage().contains("valuesets/t.csv" + expected), e.getMessage());
    }

    @Test
    void aMissingFileIsCatalog003() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ValueSets.load(f -> null, List.of("eligibility.csv")));
        assertTrue(e.getMessage().startsWith("TRD-CATALOG-003"), e.getMessage());
    }

    /**
     * The hashed index answers exactly as a scan of the rows would, for every bundled value set: each row's code,
     * longer and shorter codes made from it, and codes of other value sets, in every system, an alias, no system
     * and an unknown one.
     */
    @Test
    void theIndexAnswersAsAScanOfTheRowsForEveryBundledValueSet() {
        ValueSets vs = ValueSets.bundled();
        Set<String> codes = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        java.util.Map<String, List<ValueSets.Entry>> all = new java.util.TreeMap<>();
        for (String name : valueSetNames()) {
            names.add(name);
            all.put(name, vs.entries(name));
            for (ValueSets.Entry e : vs.entries(name)) {
                String c = e.match().equals("regex") ? "T432X2A" : e.code();
                codes.add(c);
                codes.add(c + "9");
                codes.add(c + "XA1");
                if (c.length() > 1) {
                    codes.add(c.substring(0, c.length() - 1));
                }
            }
        }
        List<String> systems = new java.util.ArrayList<>(ValueSets.SYSTEMS);
        systems.addAll(ValueSets.ALIASES.keySet());
        systems.add(" http://snomed.info/sct ");
        systems.add("http://example.org/local");
        systems.add(null);
        int checked = 0;
        int inSet = 0;
        for (String name : names) {
            ValueSets.Index index = vs.index(name);
            for (String system : systems) {
                String canonical = system == null ? null : ValueSets.canonical(system);
                boolean covered = system == null || all.get(name).stream().anyMatch(e -> e.system().equals(canonical));
                assertEquals(covered, index.covers(system), name + " covers " + system);
                for (String code : codes) {
                    boolean scan = (system == null || canonical != null) && all.get(name).stream()
                            .anyMatch(e -> (system == null || e.system().equals(canonical)) && e.matches(code));
                    assertEquals(scan, index.contains(system, code), name + " " + system + " " + code);
                    checked++;
                    inSet += scan ? 1 : 0;
                }
            }
        }
        assertTrue(checked > 100_000 && inSet > 1_000, checked + " lookups, " + inSet + " in a value set");
    }

    private static Set<String> valueSetNames() {
        Set<String> names = new TreeSet<>();
        for (String file : ValueSets.FILES) {
            try (var in = ValueSets.class.getResourceAsStream(ValueSets.DIRECTORY + file)) {
                for (ValueSets.Entry e : ValueSets.parse(file, new java.io.InputStreamReader(in,
                        StandardCharsets.UTF_8))) {
                    names.add(e.valueSet());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return names;
    }

    @Test
    void prefixAndExactRowsMatchBySystem() {
        ValueSets v = of(HEADER + "bipolar-disorder," + ICD + ",F31,prefix,,src,v1\n"
                + "bipolar-disorder,http://snomed.info/sct,10875004,exact,,src,v1\n");
        assertTrue(v.contains("bipolar-disorder", ICD, "f31.81"), "prefix, case and dot insensitive");
        assertTrue(v.contains("bipolar-disorder", null, "F3181"), "no system: any row");
        assertTrue(v.contains("bipolar-disorder", "urn:oid:2.16.840.1.113883.6.90", "F31.0"), "ICD-10-CM OID alias");
        assertTrue(v.contains("bipolar-disorder", "http://hl7.org/fhir/sid/icd-10", "F31.0"), "WHO ICD-10 as ICD-10-CM");
        assertFalse(v.contains("bipolar-disorder", "http://example.org/local", "F31.0"), "undeclared system: nothing");
        assertFalse(v.contains("bipolar-disorder", "http://hl7.org/fhir/sid/icd-9-cm", "F31.0"));
        assertFalse(v.contains("bipolar-disorder", "http://snomed.info/sct", "F31.0"), "known system: its rows only");
        assertFalse(v.contains("bipolar-disorder", "http://snomed.info/sct", "108750041"), "exact is exact");
        assertFalse(v.contains("bipolar-disorder", ICD, "F30.1"));
        assertThrows(IllegalArgumentException.class, () -> v.contains("no-such-set", ICD, "F31"));
    }

    @Test
    void aRegexRowMatchesTheWholeNormalisedCode() {
        ValueSets v = of(HEADER + "suicidality," + ICD + ",T(3[6-9]|[45][0-9]|6[0-5])([0-9A-Z]{2}2|[0-9]2X)[A-Z]?,regex,,src,v1\n");
        assertTrue(v.contains("suicidality", ICD, "T43.222A"), "intentional antidepressant overdose");
        assertTrue(v.contains("suicidality", ICD, "T65.92XA"));
        assertTrue(v.contains("suicidality", ICD, "T36.0X2"));
        assertFalse(v.contains("suicidality", ICD, "T43.221A"), "accidental (6th character 1)");
        assertFalse(v.contains("suicidality", ICD, "T66.X2XA"), "outside T36-T65");
        assertFalse(v.contains("suicidality", ICD, "T43.222AX"), "the whole code, not a prefix");
    }

    /** Bundled rows on the ICD-10-CM side: self-harm (H4), WHO mania F30.x (M4), hypothyroidism (M5). */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "suicidality,T43.222A,true", "suicidality,T40.412A,true", "suicidality,X78.0XXA,true",
            "suicidality,X83.8XXA,true", "suicidality,R45.88,true", "suicidality,T43.221A,false",
            "suicidality,X84,false", "suicidality,T65.91XA,false", "suicidality,T51.92XA,true", "suicidality,T14.91XA,true",
            "bipolar-disorder,F30.1,true", "bipolar-disorder,F30.0,true",
            "hypothyroidism,E89.0,true", "hypothyroidism,E06.3,true", "hypothyroidism,E06.1,false",
            "thyroid-disorder,E89.0,true"})
    void bundledIcdRows(String valueSet, String code, boolean in) {
        assertEquals(in, ValueSets.bundled().contains(valueSet, ICD, code));
    }

    private static final String SCT = "http://snomed.info/sct";

    @Test
    void snomedProblemListsAreReadOrUnknownNeverAbsent() {
        ValueSets vs = ValueSets.bundled();
        Conditions opioid = new Conditions(List.of(new CodedCondition(SCT, "5602001", null)), vs);
        assertEquals(org.trdrules.assessment.Verdict.MET, opioid.presence("substance-use-disorder"), "opioid abuse");
        assertEquals(org.trdrules.assessment.Verdict.MET, new Conditions(List.of(new CodedCondition(SCT, "7200002",
                null)), vs).presence("substance-use-disorder"), "alcoholism");
        assertEquals(org.trdrules.assessment.Verdict.MET, new Conditions(List.of(new CodedCondition(SCT, "191765005",
                null)), vs).presence("personality-disorder"), "emotionally unstable personality disorder");
        Conditions pain = new Conditions(List.of(new CodedCondition(SCT, "82423001", null)), vs);
        assertEquals(org.trdrules.assessment.Verdict.INDETERMINATE, pain.presence("chronic-pain"),
                "chronic-pain has no SNOMED CT rows: a SNOMED CT problem list cannot say it is absent");
        assertEquals(org.trdrules.assessment.Verdict.NOT_MET, pain.presence("substance-use-disorder"),
                "substance-use has SNOMED CT rows: absent");
        Conditions read = new Conditions(List.of(new CodedCondition("http://read.info/readv2", "F12..", null)), vs);
        assertFalse(read.has("substance-use-disorder"), "Read F12.. (Parkinson's disease) is not ICD-10-CM F12");
        assertEquals(org.trdrules.assessment.Verdict.INDETERMINATE, read.presence("substance-use-disorder"));
        Conditions icd9 = new Conditions(List.of(new CodedCondition("http://hl7.org/fhir/sid/icd-9-cm", "296.33",
                null)), vs);
        assertEquals(org.trdrules.assessment.Verdict.INDETERMINATE, icd9.presence("chronic-pain"));
        Conditions noSystem = new Conditions(List.of(new CodedCondition(null, "F32.1", null)), vs);
        assertEquals(org.trdrules.assessment.Verdict.NOT_MET, noSystem.presence("chronic-pain"), "no system: any row");
        assertEquals(org.trdrules.assessment.Verdict.INDETERMINATE, new Conditions(List.of(), vs)
                .presence("chronic-pain"), "no problem list");
    }

    @Test
    void conditionsSeparateEstablishedFromProvisional() {
        Conditions c = new Conditions(List.of(new CodedCondition(ICD, "F31.9", null, true),
                new CodedCondition(ICD, "F10.20", null)), ValueSets.bundled());
        assertTrue(c.hasProvisional("bipolar-disorder"));
        assertFalse(c.hasEstablished("bipolar-disorder"));
        assertTrue(c.hasEstablished("substance-use-disorder"));
        assertEquals(List.of("F1020"), c.codesIn("substance-use-disorder"));
        assertFalse(new Conditions(List.of(new CodedCondition(ICD, "F17.210", null)), ValueSets.bundled())
                .has("substance-use-disorder"), "nicotine dependence (F17) is not in the substance-use value set");
    }

    /** Value-set names quoted in rules and Java: {@code has("x")}, {@code condition("x")}, {@code codesIn("x")}... */
    private static final Pattern USE = Pattern.compile(
            "(?:\\.has|\\.hasEstablished|\\.hasProvisional|\\.condition|codesIn|codesFor"
            // the eligibility context (EligibilityContext): condition codes and drugs by ingredient
            + "|\\.hasCodeIn|\\.inValueSet|ingredientIn|\\.takingAny|\\.firstTaken|\\.takenUndated|\\.medicationUndated|\\.firstUndated)\\(\"([a-z0-9-]+)\"");
    /** In Java, value sets are queried through {@code ValueSets.contains} only. */
    private static final Pattern JAVA_USE = Pattern.compile("(?i:value_?sets)\\.contains\\(\"([a-z0-9-]+)\"");

    @Test
    void everyValueSetTheRulesNameExistsAndEveryValueSetIsUsed() throws IOException {
        Set<String> used = new TreeSet<>();
        for (String root : List.of("src/main/resources/org/trdrules/rules", "src/main/java")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Matcher m = (f.toString().endsWith(".java") ? JAVA_USE : USE).matcher(Files.readString(f));
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        Set<String> names = ValueSets.bundled().names();
        for (String u : used) {
            assertTrue(names.contains(u), "rules query value set '" + u + "', which no file defines");
        }
        Set<String> unused = new TreeSet<>(names);
        unused.removeAll(used);
        assertEquals(Set.of(), unused, "value sets defined but never queried");
    }
}
