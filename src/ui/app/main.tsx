// Entry point of the admin dashboard bundle (scripts/build-ui.ts builds it into dist/ui).

import "uplot/dist/uPlot.min.css";
import "./styles.css";
import { render } from "preact";
import { App } from "./app.tsx";

const root = document.getElementById("app");
if (root) render(<App />, root);
