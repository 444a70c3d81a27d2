// The credit-note property (tests/support/credit-note-property.ts), part 2 of 2: half of the runs, so
// Vitest's two workers share them.
import { creditNoteProperty, CREDIT_PROPERTY_RUNS } from "../support/credit-note-property";

creditNoteProperty("2/2", Math.floor(CREDIT_PROPERTY_RUNS / 2));
