// The services the emulator serves by default; a new service adds its module here with one line.
import type { ServiceModule } from './router.js';
import { identityModule } from './tokens.js';
import { graphService } from './graph/service.js';
import { armService } from './arm/service.js';
import { partnerCenterService } from './partner-center/service.js';
import { exchangeModule } from './exchange/service.js';
import { sharePointService } from './sharepoint/service.js';

export const defaultModules = (): ServiceModule[] => [identityModule, graphService(), exchangeModule(), armService(), partnerCenterService(), sharePointService()];
