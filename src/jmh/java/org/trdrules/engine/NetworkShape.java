package org.trdrules.engine;

import java.util.Map;
import org.drools.core.reteoo.AlphaNode;
import org.drools.core.reteoo.CompositeObjectSinkAdapter;
import org.drools.core.reteoo.EntryPointNode;
import org.drools.core.reteoo.ObjectSink;
import org.drools.core.reteoo.ObjectSource;
import org.drools.core.reteoo.ObjectTypeNode;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;

/**
 * Prints the alpha network under each fact type's ObjectTypeNode: how many alpha nodes a fact of that type can be
 * tested by, how many sit directly under the type node, and how many of those Drools hashes by value. Structure only.
 */
public final class NetworkShape {
    private NetworkShape() {}

    public static void main(String[] args) throws Exception {
        java.lang.reflect.Field f = RuleBase.class.getDeclaredField("kieBase");
        f.setAccessible(true);
        InternalKnowledgeBase kb = (InternalKnowledgeBase) f.get(RuleBase.load());
        for (EntryPointNode ep : kb.getRete().getEntryPointNodes().values()) {
            for (Map.Entry<?, ObjectTypeNode> e : ep.getObjectTypeNodes().entrySet()) {
                ObjectTypeNode otn = e.getValue();
                int[] c = new int[3];
                walk(otn, c, 0);
                ObjectSink[] direct = otn.getObjectSinkPropagator().getSinks();
                String hashed = otn.getObjectSinkPropagator() instanceof CompositeObjectSinkAdapter a
                        && a.getHashedSinkMap() != null ? " hashed=" + a.getHashedSinkMap().size() : "";
                System.out.printf("%-60s direct=%3d alpha=%4d terminals/lia=%4d%s%n", e.getKey(), direct.length, c[0], c[1], hashed);
            }
        }
    }

    private static void walk(ObjectSource src, int[] c, int depth) {
        for (ObjectSink s : src.getObjectSinkPropagator().getSinks()) {
            if (s instanceof AlphaNode a) {
                c[0]++;
                walk(a, c, depth + 1);
            } else {
                c[1]++;
            }
        }
    }
}
