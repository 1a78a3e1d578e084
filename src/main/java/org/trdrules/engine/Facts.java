package org.trdrules.engine;

import org.trdrules.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.runtime.rule.RuleContext;
import org.trdrules.assessment.Verdict;

/** Base of the facts that carry notes. Not thread-safe: one instance belongs to one assessment. */
public abstract class Facts {
    private final List<Note> notes = new ArrayList<>(4);

    /**
     * Records a reason from the firing rule. Notes are not watched by the rules. The same note (rule, aspect,
     * verdict and text) is kept once: a rule joining two facts fires again when another rule modifies either of
     * them, and its note must not be repeated.
     */
    public void note(Object drools, String aspect, Verdict verdict, String text) {
        Note n = new Note(ruleName(drools), aspect, verdict, text);
        if (!notes.contains(n)) {
            notes.add(n);
        }
    }

    /** The firing rule's name, from the consequence's {@code drools} handle (classic or executable model). */
    static String ruleName(Object drools) {
        RuleContext ctx = drools instanceof RuleContext rc ? rc
                : drools instanceof org.drools.model.Drools d ? d.getContext(RuleContext.class) : null;
        if (ctx == null) {
            throw new IllegalStateException(ErrorCode.ENGINE_NO_CONTEXT.message("no rule context in consequence"));
        }
        return ctx.getRule().getName();
    }

    public List<Note> notes() {
        return notes;
    }
}
