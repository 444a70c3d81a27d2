// The credit-note property (tests/support/credit-note-property.ts), part 1 of 2: half of the runs, so
// Vitest's two workers share them.
import { creditNoteProperty, CREDIT_PROPERTY_RUNS } from "../support/credit-note-property";

creditNoteProperty("1/2", Math.ceil(CREDIT_PROPERTY_RUNS / 2));
