// Entry point of the Functions app (package.json "main"): every registration lives in these files.
import './environments.js';
import './provisioning.js';
import './reconcile.js';
import './renewal.js';
import './status.js';
import './teardown.js';
