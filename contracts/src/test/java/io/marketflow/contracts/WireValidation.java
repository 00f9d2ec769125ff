package io.marketflow.contracts;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Set;
import java.util.TreeSet;

/** Test helper: validates a wire item with Hibernate Validator and names the broken JSON fields. */
final class WireValidation {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();

    private WireValidation() {}

    static Validator validator() {
        return FACTORY.getValidator();
    }

    static <T> Set<ConstraintViolation<T>> violations(T item) {
        return validator().validate(item);
    }

    /** The JSON names of the fields that broke a rule, each once. */
    static Set<String> brokenFields(Object item) {
        Set<String> fields = new TreeSet<>();
        for (ConstraintViolation<Object> violation : violations(item)) {
            fields.add(Violations.wireField(violation));
        }
        return fields;
    }
}
