package org.trdrules.report;

import java.util.List;

/**
 * Everything the page template shows, computed in Java from the patient and its assessment: texts already chosen,
 * numbers already formatted, the timeline's coordinates already computed. The template only lays it out (and
 * escapes every value it writes). Package-private, immutable.
 */
record ReportView(String patientId, String age, String sex, String evaluationDate, String rulesVersion,
                  SafetyView safety, List<DefinitionView> definitions, List<StageView> stages,
                  List<PseudoView> pseudo, RiskView risk, OptionsView options, List<String> missing,
                  List<String> whatWouldChange, List<String> warnings, TimelineView timeline,
                  List<CourseRow> courses) {

    ReportView {
        definitions = List.copyOf(definitions);
        stages = List.copyOf(stages);
        pseudo = List.copyOf(pseudo);
        missing = List.copyOf(missing);
        whatWouldChange = List.copyOf(whatWouldChange);
        warnings = List.copyOf(warnings);
        courses = List.copyOf(courses);
    }

    /** The safety block: the findings, or the plain statement that the record triggered none. */
    record SafetyView(List<SafetyItem> findings, String ideationRecorded) {
        SafetyView {
            findings = List.copyOf(findings);
        }
    }

    record SafetyItem(String severity, String summary, String action, List<String> reasons, String criterion,
                      String citation) {
        SafetyItem {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * One definition's card. {@code index} numbers the definitions in report order (the timeline's highlight
     * classes {@code c0}, {@code c1} ... refer to it).
     */
    record DefinitionView(int index, String id, String name, String verdict, String verdictCss, String symbol,
                          String criterion, String citation, String sourceStatus, List<String> reasons,
                          List<Ref> counted, List<Judged> notCounted, List<String> missing,
                          List<String> whatWouldChange) {
        DefinitionView {
            reasons = List.copyOf(reasons);
            counted = List.copyOf(counted);
            notCounted = List.copyOf(notCounted);
            missing = List.copyOf(missing);
            whatWouldChange = List.copyOf(whatWouldChange);
        }
    }

    /** A treatment named by its timeline key ("#2") and label. */
    record Ref(String key, String label) {}

    /** A treatment a definition did not count (or left undecided), with why. */
    record Judged(String key, String label, String verdict, List<String> reasons) {
        Judged {
            reasons = List.copyOf(reasons);
        }
    }

    record StageView(String id, String name, String status, String value, String band, List<StageItemView> items,
                     List<String> reasons, List<String> missing, String citation) {
        StageView {
            items = List.copyOf(items);
            reasons = List.copyOf(reasons);
            missing = List.copyOf(missing);
        }
    }

    record StageItemView(String name, String points, boolean range, String basis) {}

    record PseudoView(String category, List<Ref> treatments, String reason, String citation) {
        PseudoView {
            treatments = List.copyOf(treatments);
        }
    }

    record RiskView(String total, String model, String statement, List<RiskRow> factors, List<String> absent) {
        RiskView {
            factors = List.copyOf(factors);
            absent = List.copyOf(absent);
        }
    }

    record RiskRow(String name, String status, String effect, String contribution, String basis, String citation) {}

    /** Treatment options grouped by family, then by status (eligible first). */
    record OptionsView(String summary, List<FamilyView> families) {
        OptionsView {
            families = List.copyOf(families);
        }
    }

    record FamilyView(String name, String counts, boolean open, List<StatusGroup> groups) {
        FamilyView {
            groups = List.copyOf(groups);
        }
    }

    record StatusGroup(String status, String statusCss, List<OptionView> options) {
        StatusGroup {
            options = List.copyOf(options);
        }
    }

    /**
     * One option. {@code evidence} is the guideline grade when the assessment carries one (null until the
     * assessment model has it; see {@code ReportViews.evidence}).
     */
    record OptionView(String id, String label, List<String> reasons, List<String> citations, String evidence) {
        OptionView {
            reasons = List.copyOf(reasons);
            citations = List.copyOf(citations);
        }
    }

    /** One row of the timeline's table alternative: every course, dated or not. */
    record CourseRow(String key, String treatment, String kind, String drugClass, String start, String end,
                     String duration, String dose, String adequacy, String outcome, String countedBy,
                     String notes) {}

    /** The SVG timeline: sizes, axis, episode bands, lanes with bars, score charts and the evaluation date. */
    record TimelineView(int width, int height, String title, String description, boolean anyDated,
                        List<Tick> ticks, String axisY, String plotLeft, String plotRight, String plotTop,
                        String plotBottom, List<Band> episodes, List<Lane> lanes, List<ScoreChart> charts,
                        EvalLine evaluation, Undated undated, List<LegendItem> classes, List<String> episodeList) {
        TimelineView {
            episodeList = List.copyOf(episodeList);
            ticks = List.copyOf(ticks);
            episodes = List.copyOf(episodes);
            lanes = List.copyOf(lanes);
            charts = List.copyOf(charts);
            classes = List.copyOf(classes);
        }
    }

    record Tick(String x, String label) {}

    record Band(String x, String y, String width, String height, String label, String labelX, String labelY,
                boolean current) {}

    /**
     * One row of the timeline holding one course. {@code indent} marks an add-on drawn under its trial. The bar
     * spans {@code x}..{@code x + width}; {@code open} draws it open-ended (still taken on the evaluation date).
     */
    record Lane(String key, String label, String title, boolean indent, String labelX, String labelY,
                String x, String y, String width, String height, String css, String adequacy, String adequacyCss,
                boolean open, String arrowPoints, String markerX, String markerY, String outcomeSymbol,
                String outcomeCss, String noteX, String noteY, String note, boolean counted) {}

    record ScoreChart(String instrument, String y, String height, String axisLabelY, List<Tick> yTicks,
                      String polyline, List<ScorePoint> points, String remissionY, String remissionLabel,
                      String responseY, String responseLabel) {
        ScoreChart {
            yTicks = List.copyOf(yTicks);
            points = List.copyOf(points);
        }
    }

    record ScorePoint(String x, String y, String value, String label, boolean item9Positive) {}

    record EvalLine(String x, String y1, String y2, String label, String labelX) {}

    /** Courses recorded without a start date: drawn on a scale of weeks, in recorded order. */
    record Undated(String y, String headingY, String caption, List<Tick> ticks, String axisY, List<Lane> lanes) {
        Undated {
            ticks = List.copyOf(ticks);
            lanes = List.copyOf(lanes);
        }
    }

    record LegendItem(String name, String css) {}
}
