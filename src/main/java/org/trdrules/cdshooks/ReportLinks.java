package org.trdrules.cdshooks;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trdrules.TrdConfig;
import org.trdrules.assessment.Assessment;
import org.trdrules.model.Patient;
import org.trdrules.report.ClinicianReport;

/**
 * The clinician report behind a card link: renders the page for an assessed patient, keeps it in a {@link
 * ReportStore} and gives the absolute URL {@code <base>/report/<token>}, the base being the configured service
 * URL without its {@code /cds-services} (or the local URL of a demo without one). Off, quietly, when the report
 * cannot be rendered: the optional jte runtime is looked for once, when the service is built, and one structural
 * line is logged when it is absent; a page that fails to render gives no link, never a failed hook answer.
 * Thread-safe.
 */
final class ReportLinks {

    private static final Logger LOG = LoggerFactory.getLogger(ReportLinks.class);
    /** The path prefix of report pages. */
    static final String PATH = "/report/";
    /** A class of the jte runtime the report's compiled templates need. */
    static final String JTE_CLASS = "gg.jte.TemplateEngine";

    private final ClinicianReport report;
    private final ReportStore store;
    private final Supplier<URI> base;

    private ReportLinks(ClinicianReport report, ReportStore store, Supplier<URI> base) {
        this.report = report;
        this.store = store;
        this.base = base;
    }

    /**
     * Report links for a service, or links that are always off when {@code maxPages} is 0 or the jte runtime is not
     * on the class path ({@code jteClass} is the class looked for: a parameter so that a test can name a missing one).
     */
    static ReportLinks create(CdsHooksConfig config, TrdConfig rules, Clock clock, Supplier<URI> localUrl,
                              String jteClass) {
        if (config.reportPages() == 0) {
            LOG.info("CDS Hooks clinician report links off (reportPages 0)");
            return new ReportLinks(null, null, null);
        }
        try {
            Class.forName(jteClass, false, ReportLinks.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.info("CDS Hooks clinician report links off: the jte runtime is not on the class path");
            return new ReportLinks(null, null, null);
        }
        URI service = config.serviceUrl();
        Supplier<URI> base = service == null ? localUrl : () -> service;
        return new ReportLinks(ClinicianReport.create(rules),
                new ReportStore(config.reportPages(), config.reportLifetime(), clock), base);
    }

    /** Whether links are given at all. */
    boolean enabled() {
        return report != null;
    }

    /**
     * The link to a newly stored page for this patient, or empty when off. The page is rendered, and the assessment
     * it shows made, when the link is first opened (a page that cannot be rendered then answers 404 like an unknown
     * token, with one structural warning in the log).
     */
    Optional<String> link(Patient patient, Supplier<Assessment> assessment) {
        if (report == null) {
            return Optional.empty();
        }
        ClinicianReport r = report;
        return Optional.of(url(base.get(), store.put(() -> {
            try {
                return r.render(patient, assessment.get()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("CDS Hooks clinician report not rendered ({}): the link answers 404",
                        e.getClass().getSimpleName());
                return null;
            }
        })));
    }

    /** The page (UTF-8) under a token, or null when unknown, expired or off. */
    byte[] page(String token) {
        return store == null ? null : store.get(token);
    }

    /** {@code <base>/report/<token>}: the base without a trailing {@code /cds-services} or slash. */
    static String url(URI base, String token) {
        String b = base.toString().replaceAll("/+$", "");
        if (b.endsWith("/cds-services")) {
            b = b.substring(0, b.length() - "/cds-services".length());
        }
        return b + PATH + token;
    }
}
