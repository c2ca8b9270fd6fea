// A host app that already ships Lit (here: a second copy of the bundle, as a separate module) and
// then adds Presently: each copy of Lit creates a Trusted Types policy named 'lit-html'.
import './presently.js?copy=host-app';
import './main.js';
