package org.trdrules.engine;

import org.trdrules.ErrorCode;
import org.trdrules.RuleInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.conf.PropertySpecificOption;

/**
 * The compiled rules, loaded from this library's own jar: the kie-maven-plugin compiles the DRL at build time into
 * executable-model classes and lists them in {@code drools-model}; we instantiate them directly (no kmodule.xml
 * scanning), so the library also works inside shaded and Spring Boot jars. Immutable and thread-safe once built.
 */
final class RuleBase {

    static final String MODEL_INDEX = "/META-INF/kie/org.trdrules/trd-rules/drools-model";
    static final String VERSION_FILE = "/org/trdrules/trd-rules.properties";

    private final KieBase kieBase;
    /** Reused sessions (thread-safe; it grows when more threads assess at once). */
    private final KieSessionsPool pool;
    private final Map<String, RuleInfo> rules;
    private final String version;
    private final Map<String, Map<String, String>> metadata;
    private final List<String> stagingModels;
    private final Map<String, List<String>> findingRules;

    private RuleBase(KieBase kieBase, Map<String, RuleInfo> rules, String version,
                     Map<String, Map<String, String>> metadata) {
        this.kieBase = kieBase;
        this.pool = kieBase.newKieSessionsPool(1); // grows to the number of threads that assess at once
        this.rules = rules;
        this.version = version;
        this.metadata = metadata;
        this.stagingModels = ordered(metadata, "stagingModel", null);
        Map<String, List<String>> findings = new java.util.TreeMap<>();
        for (Map<String, String> md : metadata.values()) {
            String f = md.get("finding");
            if (f != null && !findings.containsKey(f)) {
                findings.put(f, ordered(metadata, "order", f));
            }
        }
        this.findingRules = Map.copyOf(findings);
    }

    /**
     * Ids of the rules that carry the metadata {@code key} (and, when {@code finding} is given, {@code @finding} of that
     * value), sorted by the key's integer value; a missing or non-integer value is an error of the rule file.
     */
    private static List<String> ordered(Map<String, Map<String, String>> metadata, String key, String finding) {
        List<Map.Entry<String, Integer>> l = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : metadata.entrySet()) {
            Map<String, String> md = e.getValue();
            if (finding == null ? md.containsKey(key) : finding.equals(md.get("finding"))) {
                try {
                    l.add(Map.entry(e.getKey(), Integer.parseInt(md.getOrDefault(key, ""))));
                } catch (NumberFormatException x) {
                    throw new IllegalStateException(ErrorCode.ENGINE_RULES_MISSING.message("rule " + e.getKey()
                            + " needs an integer @" + key));
                }
            }
        }
        l.sort(Map.Entry.comparingByValue());
        return l.stream().map(Map.Entry::getKey).toList();
    }

    /** Loads the bundled rules. */
    static RuleBase load() {
        List<Model> models = new ArrayList<>();
        for (String line : read(MODEL_INDEX).split("\\R")) {
            String name = line.trim();
            if (name.isEmpty() || name.startsWith("Drools-Model-Version")) {
                continue;
            }
            try {
                models.add((Model) Class.forName(name, true, RuleBase.class.getClassLoader())
                        .getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(ErrorCode.ENGINE_RULES_MISSING.message("cannot load rule model class " + name), e);
            }
        }
        KnowledgeBuilderConfiguration kbc = KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration();
        // Property reactivity off (docs/performance.md): every rule that modifies a fact guards itself by the
        // property it sets (e.g. `counted == null`), so no rule re-fires on its own change, and the per-property
        // masks cost more than they save here.
        kbc.setOption(PropertySpecificOption.ALLOWED);
        KieBase kb = KieBaseBuilder.createKieBaseFromModel(models,
                KieServices.get().newKieBaseConfiguration(), kbc);
        Map<String, RuleInfo> info = new LinkedHashMap<>();
        Map<String, Map<String, String>> metadata = new LinkedHashMap<>();
        for (KiePackage p : kb.getKiePackages()) {
            for (Rule r : p.getRules()) {
                Map<String, Object> md = r.getMetaData();
                Map<String, String> all = new LinkedHashMap<>();
                for (String k : md.keySet()) {
                    all.put(k, meta(md, k));
                }
                metadata.put(r.getName(), Map.copyOf(all));
                info.put(r.getName(), new RuleInfo(r.getName(), meta(md, "name"), meta(md, "stage"), meta(md, "criterion"),
                        meta(md, "citation")));
            }
        }
        Properties props = new Properties();
        try (InputStream in = RuleBase.class.getResourceAsStream(VERSION_FILE)) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException(ErrorCode.ENGINE_RULES_MISSING.message("cannot read " + VERSION_FILE), e);
        }
        return new RuleBase(kb, Map.copyOf(info), props.getProperty("rules.version", "unknown"), Map.copyOf(metadata));
    }

    private static String meta(Map<String, Object> md, String key) {
        Object v = md.get(key);
        if (v == null) {
            return "";
        }
        String s = v.toString();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static String read(String resource) {
        try (InputStream in = RuleBase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(ErrorCode.ENGINE_RULES_MISSING.message("compiled rules not found (" + resource
                        + "); was the jar built with kie-maven-plugin?"));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(ErrorCode.ENGINE_RULES_MISSING.message("cannot read " + resource), e);
        }
    }

    /**
     * A stateful session for one assessment, taken from the pool (a pooled session is reset and returned to the
     * pool when disposed); the caller disposes it. While the rule-coverage observer is installed, a fresh unpooled
     * session instead, so that its listener dies with it.
     */
    KieSession newStatefulSession() {
        return RuleFirings.observed() ? RuleFirings.watch(kieBase.newKieSession()) : pool.newKieSession();
    }

    /** Metadata of every rule by id. */
    Map<String, RuleInfo> rules() {
        return rules;
    }

    /** A metadata value of a rule ({@code @key("value")}), or null. */
    String meta(String ruleId, String key) {
        Map<String, String> md = metadata.get(ruleId);
        return md == null ? null : md.get(key);
    }

    /** The staging models in report order: the rules with {@code @stagingModel(n)}, by n; each id is a model id. */
    List<String> stagingModels() {
        return stagingModels;
    }

    /** The trigger rules of a finding ({@code @finding("id")}), in {@code @order}. */
    List<String> findingRules(String finding) {
        return findingRules.getOrDefault(finding, List.of());
    }

    /** Version of the rule content. */
    String version() {
        return version;
    }
}
