package org.trdrules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The staging models and the safety finding's rules come from rule metadata, not from Java lists. */
class RuleMetadataTests {

    private static final RuleBase RULES = RuleBase.load();

    @Test
    void stagingModelsAreTheRulesWithStagingModelMetadataInReportOrder() {
        assertEquals(List.of("thase-rush", "european-staging", "mgh-s", "maudsley", "dm-trd"), RULES.stagingModels());
    }

    @Test
    void theSuicideRiskFindingListsItsTriggerRulesInOrderAndTakesItsTextFromTheVerdictRule() {
        assertEquals(List.of("suicide-risk-flag", "suicide-risk-coded-condition", "suicide-risk-phq9-item9"),
                RULES.findingRules("suicide-risk"));
        assertNotNull(RULES.meta(Assembler.SUICIDE_RISK_VERDICT, "title"));
        assertNotNull(RULES.meta(Assembler.SUICIDE_RISK_VERDICT, "action"));
    }
}
