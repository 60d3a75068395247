// Start GOV.UK Frontend's components (service navigation, skip link, error summary...).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
