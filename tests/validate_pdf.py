"""Validates a PDF against a PDF/A or PDF/UA profile with the independent `page-validation`
package. Usage: python validate_pdf.py FILE PROFILE (e.g. 2a, 3a, ua1).
Prints the verdict and every failed rule; exits 0 only when the file conforms."""

import sys

import page


def main() -> int:
    path, profile = sys.argv[1], sys.argv[2]
    report = page.validate_pdf(path, profile=profile)
    compliant = report.is_compliant
    print(f"{path}: profile {profile}: compliant={compliant} "
          f"rules passed={report.rules.passed} failed={report.rules.failed}")
    for failure in report.failures:
        print(f"  {failure.rule_id}: {failure.message}")
    return 0 if compliant else 1


if __name__ == "__main__":
    sys.exit(main())
