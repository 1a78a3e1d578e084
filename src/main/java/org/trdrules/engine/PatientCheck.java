package org.trdrules.engine;

import java.time.LocalDate;
import java.util.List;
import org.trdrules.model.Patient;
import org.trdrules.model.ValidationProblem;

/** Validation entry point for the engine. Stateless. */
final class PatientCheck {
    private PatientCheck() {}

    static List<ValidationProblem> validate(Patient p, LocalDate today) {
        if (p == null) {
            return List.of(new ValidationProblem("patient", "REQUIRED", "patient is missing"));
        }
        return p.validate(today);
    }
}
