// Stylesheets are imported for their side effect: Bun.build bundles them into one .css file.
declare module "*.css";
