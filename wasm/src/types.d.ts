/** How bad a finding is; only "error" blocks consensus. */
export type Severity = "info" | "warning" | "error";
