// The services the emulator serves by default; each service helper adds its module here with one line.
import type { ServiceModule } from './router.js';
import { identityModule } from './tokens.js';
import { graphService } from './graph/service.js';

export const defaultModules = (): ServiceModule[] => [identityModule, graphService()];
