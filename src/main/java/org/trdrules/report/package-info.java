/**
 * The clinician report: {@link org.trdrules.report.ClinicianReport} renders one patient's assessment as a
 * self-contained HTML page with an SVG treatment timeline. Needs the optional dependency {@code gg.jte:jte-runtime}.
 */
package org.trdrules.report;
