import { specifyDeliveryRoles } from "./deliveryRoles";

specifyDeliveryRoles("prodUsWest2");
