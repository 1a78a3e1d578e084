package org.trdrules.engine;

import java.util.function.Consumer;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * Internal hook for the rule-coverage test: when an observer is installed, every session created afterwards reports
 * the name of each rule that fires to it. It receives rule names only, never facts or patient data. Unset (the
 * default, and always outside the test suite) it costs one volatile read per assessment and adds no listener.
 * Package-private on purpose: only test code in this package installs it. Thread-safe.
 */
final class RuleFirings {
    private RuleFirings() {}

    private static volatile Consumer<String> observer;

    /** Installs the observer for sessions created from now on; null removes it. */
    static void observe(Consumer<String> o) {
        observer = o;
    }

    /** True while an observer is installed. */
    static boolean observed() {
        return observer != null;
    }

    /** Adds the firing listener to a new session when an observer is installed. */
    static KieSession watch(KieSession session) {
        Consumer<String> o = observer;
        if (o != null) {
            session.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    o.accept(event.getMatch().getRule().getName());
                }
            });
        }
        return session;
    }
}
