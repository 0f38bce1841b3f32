// The product's identity, in one place: the app (main.ts), the window title, the tray, the MCP
// client registration and the installer (build/electron-builder.config.mjs reads product.json).
import product from './product.json';

/** The name a trader sees: app name, window title, installer, notifications. */
export const PRODUCT_NAME: string = product.productName;
/** Windows AppUserModelID and the installer's appId: notifications are grouped under it. */
export const APP_ID: string = product.appId;
/** The window's title bar. */
export const WINDOW_TITLE: string = PRODUCT_NAME;
/** The client name the monitor registers with CrossTrade's OAuth server and MCP session. */
export const MCP_CLIENT_NAME: string = PRODUCT_NAME;
/** The stable software_id of the OAuth dynamic client registration. */
export const SOFTWARE_ID: string = product.softwareId;
/** The installed executable's file name. */
export const EXECUTABLE_NAME: string = product.executableName;
