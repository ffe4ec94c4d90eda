/** The hint under every secret field: stored encrypted, never shown again, retyped after an error. */
export const SECRET_HINT = "Stored encrypted; never shown again (only its prefix and last four). Paste it again after an error.";
