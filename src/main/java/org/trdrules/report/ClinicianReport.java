package org.trdrules.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Objects;
import org.trdrules.TrdConfig;
import org.trdrules.assessment.Assessment;
import org.trdrules.model.Patient;

/**
 * The clinician report: one self-contained HTML page for one patient (inline CSS and SVG, no script, font, image
 * or link that needs a network), with a treatment timeline and, beside it, the safety finding, the definitions side
 * by side, staging, pseudo-resistance, risk factors, treatment options, missing data and what would change the
 * verdicts. Every value taken from the patient or the assessment is escaped by the template engine (jte, HTML
 * content type); the templates are compiled at build time, so rendering needs only the small {@code jte-runtime}
 * jar, an optional dependency of this library: add {@code gg.jte:jte-runtime} to use this class.
 *
 * <pre>{@code
 * String html = ClinicianReport.create().render(patient, engine.assess(patient));
 * }</pre>
 *
 * <p>The page shows what the assessment concluded; it judges nothing itself. Pass the {@link TrdConfig} the engine
 * used ({@link #create(TrdConfig)}) so the score charts draw that configuration's response and remission
 * thresholds. Immutable and thread-safe: build one and share it.
 */
public final class ClinicianReport {

    /** The media type of a rendered page. */
    public static final String MEDIA_TYPE = "text/html; charset=UTF-8";

    private static final String TEMPLATE = "clinician.jte";

    /** Precompiled templates, loaded from this library's own classes (thread-safe once created). */
    private static final class Templates {
        static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
                ClinicianReport.class.getClassLoader(), ClinicianReport.class.getPackageName());
    }

    private final TrdConfig config;

    private ClinicianReport(TrdConfig config) {
        this.config = config;
    }

    /** A report drawing the default configuration's thresholds. */
    public static ClinicianReport create() {
        return new ClinicianReport(TrdConfig.defaults());
    }

    /** A report drawing the thresholds of the configuration the assessment was made with. */
    public static ClinicianReport create(TrdConfig config) {
        return new ClinicianReport(Objects.requireNonNull(config, "config"));
    }

    /**
     * The page for one patient and its assessment, as an HTML document ({@link #MEDIA_TYPE}).
     *
     * @param patient    the history that was assessed (the timeline draws its dates, doses and scores)
     * @param assessment that patient's assessment
     * @return the complete HTML document
     * @throws IllegalArgumentException when the assessment is not the patient's (their ids differ); the message
     *                                  names no id
     */
    public String render(Patient patient, Assessment assessment) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(assessment, "assessment");
        if (!Objects.equals(patient.id(), assessment.patientId())) {
            throw new IllegalArgumentException("the assessment belongs to another patient (the ids differ)");
        }
        ReportView view = ReportViews.of(patient, assessment, config);
        StringOutput out = new StringOutput(64 * 1024);
        Templates.ENGINE.render(TEMPLATE, view, out);
        return out.toString();
    }
}
