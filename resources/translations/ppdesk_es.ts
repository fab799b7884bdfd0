<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">

<context>
    <name>AddStaffDialog</name>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="126"/>
        <source>Add a staff member</source>
        <translation>Añadir un miembro del personal</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="127"/>
        <source>The new account has no role yet: grant one after adding it.</source>
        <translation>La cuenta nueva aún no tiene función: asígnele una después de añadirla.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="131"/>
        <source>e.g. jdoe</source>
        <translation>p. ej. jperez</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="138"/>
        <source>at least 12 characters</source>
        <translation>al menos 12 caracteres</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="139"/>
        <source>&amp;User name:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="140"/>
        <source>&amp;Full name:</source>
        <translation>Nombre &amp;completo:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="141"/>
        <source>&amp;Email:</source>
        <translation>Correo &amp;electrónico:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="142"/>
        <source>&amp;School:</source>
        <translation>E&amp;scuela:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="143"/>
        <source>First &amp;password:</source>
        <translation>Contraseña &amp;inicial:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="145"/>
        <source>The name the staff member logs in with.</source>
        <translation>El nombre con el que el miembro del personal inicia sesión.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="146"/>
        <source>The staff member&apos;s full name, as shown in the desk.</source>
        <translation>El nombre completo del miembro del personal, tal como se muestra en el puesto.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="147"/>
        <source>The staff member&apos;s work email address (optional).</source>
        <translation>El correo electrónico de trabajo del miembro del personal (opcional).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="148"/>
        <source>The school the staff member works at.</source>
        <translation>La escuela donde trabaja el miembro del personal.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="151"/>
        <source>A first password; the staff member changes it. It is never shown.</source>
        <translation>Una primera contraseña; el miembro del personal la cambia. Nunca se muestra.</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="66"/>
        <source>success</source>
        <translation>correcto</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="67"/>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="68"/>
        <source>denied</source>
        <translation>denegado</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="96"/>
        <source>any staff member (user name)</source>
        <translation>cualquier miembro del personal (usuario)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="121"/>
        <source>any action</source>
        <translation>cualquier acción</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="162"/>
        <source>the id shown under Target, e.g. 81</source>
        <translation>el id. que aparece en Objeto, p. ej. 81</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="185"/>
        <source>&amp;Show</source>
        <translation>&amp;Mostrar</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="11"/>
        <source>&amp;From:</source>
        <translation>&amp;Desde:</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="21"/>
        <source>The first day of the audit rows to show.</source>
        <translation>El primer día de las filas de auditoría que se muestran.</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="47"/>
        <source>&amp;To:</source>
        <translation>&amp;Hasta:</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="57"/>
        <source>The last day of the audit rows to show.</source>
        <translation>El último día de las filas de auditoría que se muestran.</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="83"/>
        <source>Staff &amp;member:</source>
        <translation>&amp;Personal:</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="93"/>
        <source>Show only what this staff member did (user name).</source>
        <translation>Mostrar solo lo que hizo este miembro del personal (usuario).</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="116"/>
        <source>&amp;Action:</source>
        <translation>&amp;Acción:</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="126"/>
        <source>Show only this kind of action.</source>
        <translation>Mostrar solo este tipo de acción.</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="149"/>
        <source>Tar&amp;get:</source>
        <translation>&amp;Objeto:</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="159"/>
        <source>Show only the rows about this record (its id).</source>
        <translation>Mostrar solo las filas sobre este registro (su id).</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="182"/>
        <source>Show the audit rows that match these filters.</source>
        <translation>Mostrar las filas de auditoría que cumplen estos filtros.</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="197"/>
        <source>The audit rows found, newest first.</source>
        <translation>Las filas de auditoría encontradas, las más recientes primero.</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="241"/>
        <source>&amp;Verify integrity</source>
        <translation>&amp;Verificar integridad</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="238"/>
        <source>Check that no audit row was changed, removed or reordered</source>
        <translation>Comprobar que ninguna fila de auditoría se modificó, eliminó o reordenó</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="248"/>
        <source>Save the rows shown as an Excel workbook.</source>
        <translation>Guardar las filas mostradas como libro de Excel.</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="251"/>
        <source>&amp;Export to Excel…</source>
        <translation>&amp;Exportar a Excel…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="212"/>
        <source>Rows shown: %1</source>
        <translation>Filas mostradas: %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="214"/>
        <source>(the newest %1 only: narrow the filters)</source>
        <translation>(solo las %1 más recientes: afine los filtros)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="230"/>
        <source>Checking the audit trail…</source>
        <translation>Comprobando el registro de auditoría…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="240"/>
        <source>The audit trail is intact: %1 rows checked.</source>
        <translation>El registro de auditoría está intacto: %1 filas comprobadas.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="240"/>
        <source>The audit chains of %2 are intact: %1 rows checked. The district&apos;s chain and other schools&apos; chains are not visible to you and were not checked.</source>
        <translation>Las cadenas de auditoría de %2 están intactas: %1 filas comprobadas. La cadena del distrito y las de otras escuelas no son visibles para usted y no se comprobaron.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="253"/>
        <source>%1 rows written by the database carry no signature: no desk countersigned them (sequence %2).</source>
        <translation>%1 filas escritas por la base de datos no llevan firma: ningún puesto las refrendó (secuencia %2).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="246"/>
        <source>The audit trail is BROKEN at sequence %1 (%2). Tell the district office; do not change anything.</source>
        <translation>El registro de auditoría está ROTO en la secuencia %1 (%2). Avise a la oficina del distrito; no cambie nada.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="259"/>
        <source>Export the audit trail</source>
        <translation>Exportar el registro de auditoría</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="279"/>
        <source>Rows exported: %1</source>
        <translation>Filas exportadas: %1</translation>
    </message>
    <message>
        <location filename="../../ui/audit_tab.ui" line="200"/>
        <source>Audit trail</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>The signatures of the rows before sequence %1 were made with the keys lost in the key recovery there and were not checked (their hashes and links were).</source>
        <translation>Las firmas de las filas anteriores a la secuencia %1 se hicieron con las claves perdidas en la recuperación de claves de esa fila y no se comprobaron (sus hashes y enlaces sí).</translation>
    </message>
    <message>
        <source>%1 rows written by a workstation without the PIN keys carry no signature (sequence %2).</source>
        <translation>%1 filas escritas por una estación sin las claves de PIN no llevan firma (secuencia %2).</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <location filename="../../ppdesk/gui/app.py" line="43"/>
        <source>The database and this program do not match.</source>
        <translation>La base de datos y este programa no coinciden.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/app.py" line="44"/>
        <source>The database cannot be reached.</source>
        <translation>No se puede acceder a la base de datos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/app.py" line="45"/>
        <source>The database password is not available on this workstation.</source>
        <translation>La contraseña de la base de datos no está disponible en este equipo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/app.py" line="48"/>
        <source>The PIN keys are not available on this workstation.</source>
        <translation>Las claves de los PIN no están disponibles en este equipo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/app.py" line="207"/>
        <source>The database cannot be opened.</source>
        <translation>No se puede abrir la base de datos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/app.py" line="212"/>
        <source>ppdesk cannot open the database</source>
        <translation>ppdesk no puede abrir la base de datos</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/app.py" line="217"/>
        <source>&amp;Retry</source>
        <translation>&amp;Reintentar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/app.py" line="218"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <location filename="../../ppdesk/gui/files.py" line="91"/>
        <source>Drive</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/files.py" line="92"/>
        <source>Folder</source>
        <translation>Carpeta</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/files.py" line="93"/>
        <source>%1 file</source>
        <translation>Archivo %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/files.py" line="94"/>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="38"/>
        <source>Set up ppdesk</source>
        <translation>Configurar ppdesk</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="44"/>
        <source>This database is empty. Create its first account: the principal of your school, or a district administrator. That account then adds the other staff.</source>
        <translation>Esta base de datos está vacía. Cree su primera cuenta: el director o la directora de su escuela, o un administrador del distrito. Esa cuenta agrega después al resto del personal.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="50"/>
        <source>&amp;Principal of a school</source>
        <translation>&amp;Director(a) de una escuela</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="51"/>
        <source>&amp;District administrator</source>
        <translation>Administrador del &amp;distrito</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="65"/>
        <source>School &amp;code:</source>
        <translation>&amp;Código de la escuela:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="66"/>
        <source>School &amp;name:</source>
        <translation>&amp;Nombre de la escuela:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="67"/>
        <source>Local dis&amp;trict:</source>
        <translation>Dis&amp;trito local:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="68"/>
        <source>&amp;User name:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="69"/>
        <source>&amp;Full name:</source>
        <translation>Nombre &amp;completo:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="70"/>
        <source>Pass&amp;word:</source>
        <translation>Contra&amp;seña:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="71"/>
        <source>&amp;Repeat password:</source>
        <translation>&amp;Repita la contraseña:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="73"/>
        <source>The first account is a school&apos;s principal.</source>
        <translation>La primera cuenta es la del director o directora de una escuela.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="76"/>
        <source>The first account is a district administrator for all schools.</source>
        <translation>La primera cuenta es la de un administrador del distrito para todas las escuelas.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="78"/>
        <source>The school&apos;s code in the student information system.</source>
        <translation>El código de la escuela en el sistema de información estudiantil.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="79"/>
        <source>The school&apos;s name, as printed on the letters.</source>
        <translation>El nombre de la escuela, tal como se imprime en las cartas.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="80"/>
        <source>The local district the administrator looks after.</source>
        <translation>El distrito local que atiende el administrador.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="81"/>
        <source>The user name the first account logs in with.</source>
        <translation>El nombre de usuario con el que inicia sesión la primera cuenta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="82"/>
        <source>The full name of the person who owns the first account.</source>
        <translation>El nombre completo de la persona a quien pertenece la primera cuenta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="83"/>
        <source>The first account&apos;s password. It is never shown.</source>
        <translation>La contraseña de la primera cuenta. Nunca se muestra.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="84"/>
        <source>The same password again, to catch a typing mistake.</source>
        <translation>La misma contraseña otra vez, para detectar un error al escribirla.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="95"/>
        <source>Create account</source>
        <translation>Crear la cuenta</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="98"/>
        <source>Create the first account and the database, then log in.</source>
        <translation>Crear la primera cuenta y la base de datos, y luego iniciar sesión.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="101"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="103"/>
        <source>Close ppdesk without creating anything.</source>
        <translation>Cerrar ppdesk sin crear nada.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/first_run.py" line="119"/>
        <source>The two passwords differ.</source>
        <translation>Las dos contraseñas no coinciden.</translation>
    </message>
</context>
<context>
    <name>GrantDialog</name>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="216"/>
        <source>Say why this role is granted: the reason is kept in the audit trail.</source>
        <translation>Indique por qué se otorga este rol: el motivo queda en el registro de auditoría.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="181"/>
        <source>Grant a role</source>
        <translation>Asignar una función</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="182"/>
        <source>Grant a role to %1. It applies to their very next action.</source>
        <translation>Asignar una función a %1. Se aplica desde su próxima acción.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="193"/>
        <source>local district, e.g. Central</source>
        <translation>distrito local, p. ej. Central</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="194"/>
        <source>R&amp;ole:</source>
        <translation>&amp;Función:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="195"/>
        <source>&amp;School:</source>
        <translation>E&amp;scuela:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="196"/>
        <source>Local &amp;district:</source>
        <translation>&amp;Distrito local:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="197"/>
        <source>The role to grant.</source>
        <translation>El rol que se otorga.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="198"/>
        <source>The school where the role applies.</source>
        <translation>La escuela donde se aplica el rol.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="200"/>
        <source>The local district where a district administrator&apos;s role applies.</source>
        <translation>El distrito local donde se aplica el rol de administrador del distrito.</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <location filename="../../ppdesk/gui/help_menu.py" line="26"/>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/help_menu.py" line="29"/>
        <source>&amp;Support contacts…</source>
        <translation>&amp;Contactos de apoyo…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/help_menu.py" line="30"/>
        <source>&amp;Counter guide…</source>
        <translation>&amp;Guía del mostrador…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/help_menu.py" line="31"/>
        <source>&amp;Quick guides and trainings</source>
        <translation>&amp;Guías rápidas y capacitaciones</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/help_menu.py" line="46"/>
        <source>Close this message.</source>
        <translation>Cerrar este mensaje.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/help_menu.py" line="55"/>
        <source>Parent engagement at this school</source>
        <translation>Participación de los padres en esta escuela</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/help_menu.py" line="56"/>
        <source>not set (Settings)</source>
        <translation>sin definir (Configuración)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/help_menu.py" line="58"/>
        <source>IT help desk</source>
        <translation>Mesa de ayuda de TI</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/help_menu.py" line="59"/>
        <source>Parent Portal hotline</source>
        <translation>Línea de ayuda del Portal para Padres</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/help_menu.py" line="64"/>
        <source>Trainings: your Local District&apos;s PACE team</source>
        <translation>Capacitaciones: el equipo PACE de su Distrito Local</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/help_menu.py" line="71"/>
        <source>Support contacts</source>
        <translation>Contactos de apoyo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/help_menu.py" line="75"/>
        <source>Counter guide</source>
        <translation>Guía del mostrador</translation>
    </message>
</context>
<context>
    <name>ImportTab</name>
    <message>
        <location filename="../../ui/import_tab.ui" line="9"/>
        <source>Import students, guardians and staff from the student information system. Nothing is written until you press Apply; a file with errors is never applied.</source>
        <translation>Importe estudiantes, tutores y personal desde el sistema de información estudiantil. No se escribe nada hasta que pulse Aplicar; un archivo con errores nunca se aplica.</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="21"/>
        <source>Check a folder of OneRoster CSV files (a dry run).</source>
        <translation>Revisar una carpeta de archivos CSV de OneRoster (una prueba sin cambios).</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="24"/>
        <source>OneRoster &amp;folder…</source>
        <translation>&amp;Carpeta OneRoster…</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="31"/>
        <source>Check a OneRoster zip file (a dry run).</source>
        <translation>Revisar un archivo zip de OneRoster (una prueba sin cambios).</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="34"/>
        <source>OneRoster &amp;zip…</source>
        <translation>Archivo &amp;zip OneRoster…</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="41"/>
        <source>Check a filled-in ppdesk import template (a dry run).</source>
        <translation>Revisar una plantilla de importación de ppdesk ya rellenada (una prueba sin cambios).</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="44"/>
        <source>&amp;Template file…</source>
        <translation>Archivo de &amp;plantilla…</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="58"/>
        <source>Save an empty import template to fill in.</source>
        <translation>Guardar una plantilla de importación vacía para rellenarla.</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="61"/>
        <source>Save a &amp;blank template…</source>
        <translation>Guardar una plantilla en &amp;blanco…</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="70"/>
        <source>Tick only if your OneRoster export lists only verified parents and legal guardians as parents and guardians.</source>
        <translation>Márquelo solo si su exportación de OneRoster incluye como padres y tutores únicamente a padres o tutores legales verificados.</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="73"/>
        <source>Parents and guardians count as verified legal guardians (OneRoster role)</source>
        <translation>Los padres y tutores cuentan como tutores legales verificados (rol de OneRoster)</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="97"/>
        <source>What the dry run found wrong in the files, by line.</source>
        <translation>Lo que la prueba encontró mal en los archivos, por línea.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="225"/>
        <location filename="../../ui/import_tab.ui" line="80"/>
        <source>No file chosen.</source>
        <translation>Ningún archivo elegido.</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="110"/>
        <source>Severity</source>
        <translation>Gravedad</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="115"/>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="120"/>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="125"/>
        <source>Column</source>
        <translation>Columna</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="130"/>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="147"/>
        <source>Forget the dry run; nothing is imported.</source>
        <translation>Descartar la prueba; no se importa nada.</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="153"/>
        <source>&amp;Cancel</source>
        <translation>Ca&amp;ncelar</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="160"/>
        <source>Import what the dry run checked.</source>
        <translation>Importar lo que revisó la prueba.</translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="166"/>
        <source>&amp;Apply import</source>
        <translation>&amp;Aplicar la importación</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="60"/>
        <source>OneRoster folder</source>
        <translation>Carpeta OneRoster</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="65"/>
        <source>OneRoster zip</source>
        <translation>Archivo zip OneRoster</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="71"/>
        <source>ppdesk template</source>
        <translation>Plantilla de ppdesk</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="71"/>
        <source>Template (*.xlsx *.csv)</source>
        <translation>Plantilla (*.xlsx *.csv)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="78"/>
        <source>Save a blank template</source>
        <translation>Guardar una plantilla en blanco</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="89"/>
        <source>Blank template saved: %1</source>
        <translation>Plantilla en blanco guardada: %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="98"/>
        <source>Checking %1 …</source>
        <translation>Revisando %1 …</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="112"/>
        <source>Students: %1 new, %2 changed, %3 made inactive. Guardians: %4 new, %5 changed, %6 made inactive. Links: %7 new, %8 changed. PINs that would be revoked: %9.</source>
        <translation>Estudiantes: %1 nuevos, %2 modificados, %3 desactivados. Tutores: %4 nuevos, %5 modificados, %6 desactivados. Vínculos: %7 nuevos, %8 modificados. PIN que se revocarían: %9.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="129"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="132"/>
        <source>No errors: you may apply this import.</source>
        <translation>Sin errores: puede aplicar esta importación.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="135"/>
        <source>%1 error(s): fix the files and check again. Nothing will be imported.</source>
        <translation>%1 error(es): corrija los archivos y vuelva a revisar. No se importará nada.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="139"/>
        <source>The database already matches these files: nothing to change.</source>
        <translation>La base de datos ya coincide con estos archivos: no hay nada que cambiar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="160"/>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="160"/>
        <source>warning</source>
        <translation>advertencia</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="196"/>
        <source>Apply import</source>
        <translation>Aplicar la importación</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="197"/>
        <source>Apply these changes to the database now?</source>
        <translation>¿Aplicar estos cambios a la base de datos ahora?</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="174"/>
        <source>This import makes %1 students and %2 guardians inactive (%3 in all, over the threshold of %4) and revokes %5 PINs. Revoked PINs stay revoked: those families need new letters.

A cut-short export looks like this. Are the files complete? Apply it anyway?</source>
        <translation>Esta importación desactiva a %1 estudiantes y %2 tutores (%3 en total, por encima del umbral de %4) y revoca %5 PIN. Los PIN revocados quedan revocados: esas familias necesitarán cartas nuevas.

Una exportación cortada se ve así. ¿Están completos los archivos? ¿Aplicarla de todos modos?</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="187"/>
        <source>Confirm deactivations</source>
        <translation>Confirmar las desactivaciones</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="153"/>
        <source>Local district of each school: %1</source>
        <translation>Distrito local de cada escuela: %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/import_tab.py" line="216"/>
        <source>Imported. </source>
        <translation>Importado. </translation>
    </message>
    <message>
        <location filename="../../ui/import_tab.ui" line="100"/>
        <source>Problems found in the files</source>
        <translation>Problemas encontrados en los archivos</translation>
    </message>
</context>
<context>
    <name>LetterPreviewDialog</name>
    <message>
        <location filename="../../ppdesk/gui/letters.py" line="56"/>
        <source>Print the PIN letter</source>
        <translation>Imprimir la carta del PIN</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/letters.py" line="246"/>
        <source>Save the letter as PDF</source>
        <translation>Guardar la carta como PDF</translation>
    </message>
    <message>
        <location filename="../../ui/letter_preview.ui" line="9"/>
        <source>PIN letter</source>
        <translation>Carta del PIN</translation>
    </message>
    <message>
        <location filename="../../ui/letter_preview.ui" line="44"/>
        <source>Send the letter to a printer.</source>
        <translation>Enviar la carta a una impresora.</translation>
    </message>
    <message>
        <location filename="../../ui/letter_preview.ui" line="47"/>
        <source>&amp;Print…</source>
        <translation>&amp;Imprimir…</translation>
    </message>
    <message>
        <location filename="../../ui/letter_preview.ui" line="57"/>
        <source>Save the letter as a PDF file.</source>
        <translation>Guardar la carta como archivo PDF.</translation>
    </message>
    <message>
        <location filename="../../ui/letter_preview.ui" line="60"/>
        <source>&amp;Save as PDF…</source>
        <translation>&amp;Guardar como PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/letter_preview.ui" line="67"/>
        <source>Close the preview without printing.</source>
        <translation>Cerrar la vista previa sin imprimir.</translation>
    </message>
    <message>
        <location filename="../../ui/letter_preview.ui" line="70"/>
        <source>&amp;Close</source>
        <translation>&amp;Cerrar</translation>
    </message>
</context>
<context>
    <name>LettersTab</name>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="165"/>
        <source>Warning: {warning}</source>
        <translation>Aviso: {warning}</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="51"/>
        <source>Whole school</source>
        <translation>Toda la escuela</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="75"/>
        <source>optional: room or teacher, e.g. Rm 12</source>
        <translation>opcional: salón o maestro, p. ej. Rm 12</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="54"/>
        <source>Each guardian&apos;s preferred language</source>
        <translation>El idioma preferido de cada tutor</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="55"/>
        <source>English for everyone</source>
        <translation>Inglés para todos</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="56"/>
        <source>Spanish for everyone</source>
        <translation>Español para todos</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="102"/>
        <source>Bilingual letters (with English)</source>
        <translation>Cartas bilingües (con inglés)</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="112"/>
        <source>Only guardians not yet registered in the portal</source>
        <translation>Solo tutores que aún no se registraron en el portal</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="125"/>
        <source>Sign-out sheet per homeroom</source>
        <translation>Hoja de firmas por salón</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="28"/>
        <source>School:</source>
        <translation>Escuela:</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="38"/>
        <source>The school to print letters for.</source>
        <translation>La escuela para la que se imprimen las cartas.</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="45"/>
        <source>Grade:</source>
        <translation>Grado:</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="55"/>
        <source>Print letters for one grade, or the whole school.</source>
        <translation>Imprimir cartas para un grado o para toda la escuela.</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="62"/>
        <source>Homeroom:</source>
        <translation>Salón:</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="72"/>
        <source>Print letters for one homeroom only (optional).</source>
        <translation>Imprimir cartas solo para un salón (opcional).</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="82"/>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="92"/>
        <source>The language each letter is printed in.</source>
        <translation>El idioma en que se imprime cada carta.</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="99"/>
        <source>Print the English text beside the home language.</source>
        <translation>Imprimir el texto en inglés junto al idioma del hogar.</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="109"/>
        <source>Leave out guardians who already use the Parent Portal.</source>
        <translation>Omitir a los tutores que ya usan el Portal para Padres.</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="122"/>
        <source>Print a sheet per homeroom where parents sign for their letter.</source>
        <translation>Imprimir una hoja por salón donde los padres firman al recibir su carta.</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="140"/>
        <source>Count the letters this choice would print.</source>
        <translation>Contar las cartas que se imprimirían con esta selección.</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="143"/>
        <source>1. Count the letters</source>
        <translation>1. Contar las cartas</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="150"/>
        <source>Issue the PINs and make the letters counted. This is audited.</source>
        <translation>Emitir los PIN y preparar las cartas contadas. Queda en la auditoría.</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="156"/>
        <source>2. Issue PINs and make the letters</source>
        <translation>2. Emitir los PIN y generar las cartas</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="166"/>
        <source>Stop making the letters.</source>
        <translation>Dejar de preparar las cartas.</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="185"/>
        <source>Choose who gets a letter, then count them before printing.</source>
        <translation>Elija quién recibe carta y cuéntelas antes de imprimir.</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="169"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="207"/>
        <source>Show the letters made on screen.</source>
        <translation>Mostrar en pantalla las cartas preparadas.</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="213"/>
        <source>Preview…</source>
        <translation>Vista previa…</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="220"/>
        <source>Send the letters made to a printer.</source>
        <translation>Enviar las cartas preparadas a una impresora.</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="226"/>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="233"/>
        <source>Save the letters made as a PDF file.</source>
        <translation>Guardar las cartas preparadas como archivo PDF.</translation>
    </message>
    <message>
        <location filename="../../ui/letters_tab.ui" line="239"/>
        <source>Save as PDF…</source>
        <translation>Guardar como PDF…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="133"/>
        <source>Count the letters again for these choices.</source>
        <translation>Vuelva a contar las cartas para estas opciones.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="136"/>
        <source>Counting…</source>
        <translation>Contando…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="147"/>
        <source>{letters} letters for {school} (homerooms: {homerooms}; {languages}). {new} new held PINs will be issued, {existing} held letters are printed again. Not included: {unverified} not verified legal guardians, {registered} already registered, {locked} locked, {live} with a live PIN. Each PIN works only after its letter is handed over at the office with a photo ID check.</source>
        <translation>{letters} cartas para {school} (salones: {homerooms}; {languages}). Se emitirán {new} PIN retenidos nuevos; {existing} cartas retenidas se imprimen de nuevo. No incluidos: {unverified} tutores legales no verificados, {registered} ya registrados, {locked} bloqueados, {live} con un PIN activo. Cada PIN solo funciona después de entregar su carta en la oficina con revisión de una identificación con foto.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="186"/>
        <source>Making the letters…</source>
        <translation>Generando las cartas…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="205"/>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="230"/>
        <source>Cancelled: no letter was printed and no PIN was issued.</source>
        <translation>Cancelado: no se imprimió ninguna carta ni se emitió ningún PIN.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="238"/>
        <source>{letters} letters ready ({pages} pages, {sheets} sign-out sheet pages; {new} new PINs). Preview, print or save them now: they are not kept.</source>
        <translation>{letters} cartas listas ({pages} páginas, {sheets} páginas de hojas de firmas; {new} PIN nuevos). Véalas, imprímalas o guárdelas ahora: no se conservan.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="274"/>
        <source>PIN letters and sign-out sheets</source>
        <translation>Cartas de PIN y hojas de firmas</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="292"/>
        <source>Save the letters as PDF</source>
        <translation>Guardar las cartas como PDF</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/letters_tab.py" line="292"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <location filename="../../ui/lock_page.ui" line="19"/>
        <source>&lt;h2&gt;The desk is locked&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;El puesto está bloqueado&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/lock_page.ui" line="29"/>
        <source>Student data is hidden. Enter your password to continue, or log in as another staff member (your open work is then closed).</source>
        <translation>Los datos de los estudiantes están ocultos. Escriba su contraseña para continuar o inicie sesión como otro miembro del personal (el trabajo abierto se cerrará).</translation>
    </message>
    <message>
        <location filename="../../ui/lock_page.ui" line="53"/>
        <source>&amp;User name:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <location filename="../../ui/lock_page.ui" line="63"/>
        <source>The user name of the staff member who locked the desk.</source>
        <translation>El nombre de usuario del miembro del personal que bloqueó el puesto.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_page.ui" line="76"/>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <location filename="../../ui/lock_page.ui" line="86"/>
        <source>Your password. It is never shown.</source>
        <translation>Su contraseña. Nunca se muestra.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_page.ui" line="99"/>
        <source>Unlock the desk and show its windows again.</source>
        <translation>Desbloquear el puesto y volver a mostrar sus ventanas.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_page.ui" line="102"/>
        <source>U&amp;nlock</source>
        <translation>&amp;Desbloquear</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ppdesk/gui/login.py" line="90"/>
        <source>PIN features are off on this workstation: %1 You can still look students up.</source>
        <translation>Las funciones de PIN están desactivadas en este equipo: %1 Todavía puede buscar estudiantes.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/login.py" line="93"/>
        <source>no PIN keys.</source>
        <translation>no hay claves de PIN.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/login.py" line="106"/>
        <source>This database was empty: a demo school with %1 invented students was created. Accounts (one per role): %2.</source>
        <translation>Esta base de datos estaba vacía: se creó una escuela de demostración con %1 estudiantes ficticios. Cuentas (una por función): %2.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/login.py" line="113"/>
        <source>Their password, shown only now: %1</source>
        <translation>Su contraseña, que solo se muestra ahora: %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/login.py" line="121"/>
        <location filename="../../ui/login.ui" line="84"/>
        <source>opening…</source>
        <translation>abriendo…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/login.py" line="148"/>
        <source>Type your user name.</source>
        <translation>Escriba su nombre de usuario.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/login.py" line="152"/>
        <source>Type your password.</source>
        <translation>Escriba su contraseña.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/login.py" line="158"/>
        <source>Connecting to the database…</source>
        <translation>Conectando con la base de datos…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/login.py" line="166"/>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <location filename="../../ui/login.ui" line="9"/>
        <source>ppdesk: log in</source>
        <translation>ppdesk: iniciar sesión</translation>
    </message>
    <message>
        <location filename="../../ui/login.ui" line="15"/>
        <source>&lt;h2&gt;Parent Portal desk&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Puesto del Portal para Padres&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/login.ui" line="22"/>
        <source>Log in with your staff account to look up students and issue Parent Portal PINs.</source>
        <translation>Inicie sesión con su cuenta de personal para buscar estudiantes y emitir PIN del Portal para Padres.</translation>
    </message>
    <message>
        <location filename="../../ui/login.ui" line="34"/>
        <source>&amp;User name:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <location filename="../../ui/login.ui" line="44"/>
        <source>Your staff user name.</source>
        <translation>Su nombre de usuario del personal.</translation>
    </message>
    <message>
        <location filename="../../ui/login.ui" line="54"/>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <location filename="../../ui/login.ui" line="64"/>
        <source>Your password. It is never shown.</source>
        <translation>Su contraseña. Nunca se muestra.</translation>
    </message>
    <message>
        <location filename="../../ui/login.ui" line="77"/>
        <source>Database:</source>
        <translation>Base de datos:</translation>
    </message>
    <message>
        <location filename="../../ui/login.ui" line="122"/>
        <source>Log in to the desk with this user name and password.</source>
        <translation>Iniciar sesión en el puesto con este usuario y contraseña.</translation>
    </message>
    <message>
        <location filename="../../ui/login.ui" line="125"/>
        <source>&amp;Log in</source>
        <translation>&amp;Iniciar sesión</translation>
    </message>
    <message>
        <location filename="../../ui/login.ui" line="135"/>
        <source>Close ppdesk.</source>
        <translation>Cerrar ppdesk.</translation>
    </message>
    <message>
        <location filename="../../ui/login.ui" line="138"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="67"/>
        <source>Student ID or &amp;name:</source>
        <translation>Id. o &amp;nombre del estudiante:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="68"/>
        <source>Type a student ID, or part of a first or last name</source>
        <translation>Escriba un id. de estudiante o parte de un nombre o apellido</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="79"/>
        <source>Guardian &amp;name, phone or email:</source>
        <translation>&amp;Nombre, teléfono o correo del tutor:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="81"/>
        <source>Type part of a guardian&apos;s name, 4+ digits of a phone, or an email</source>
        <translation>Escriba parte del nombre del tutor, 4 o más dígitos de un teléfono o un correo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="95"/>
        <location filename="../../ui/main_window.ui" line="41"/>
        <source>Find a student</source>
        <translation>Buscar estudiante</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="96"/>
        <location filename="../../ui/main_window.ui" line="47"/>
        <source>Parent search</source>
        <translation>Buscar tutor</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="97"/>
        <location filename="../../ui/main_window.ui" line="53"/>
        <source>Reporting</source>
        <translation>Informes</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="100"/>
        <source>Find a student by name, student ID or date of birth.</source>
        <translation>Buscar un estudiante por nombre, número de estudiante o fecha de nacimiento.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="101"/>
        <source>Find a parent or guardian by name, phone or email.</source>
        <translation>Buscar a un padre, madre o tutor por nombre, teléfono o correo electrónico.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="102"/>
        <source>Portal adoption, outreach and other reports.</source>
        <translation>Uso del portal, contacto con familias y otros informes.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="122"/>
        <source>Working…</source>
        <translation>Trabajando…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="158"/>
        <source>User: %1 (%2)</source>
        <translation>Usuario: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="159"/>
        <source>Role: %1</source>
        <translation>Función: %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="160"/>
        <source>School: %1</source>
        <translation>Escuela: %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="160"/>
        <source>no school</source>
        <translation>ninguna escuela</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="161"/>
        <source>Database: %1</source>
        <translation>Base de datos: %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="194"/>
        <source>PIN features are off on this workstation: %1 Looking students up still works.</source>
        <translation>Las funciones de PIN están desactivadas en este equipo: %1 La búsqueda de estudiantes sigue funcionando.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="180"/>
        <source>ppdesk: Parent Portal desk (%1)</source>
        <translation>ppdesk: puesto del Portal para Padres (%1)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="207"/>
        <source>no role</source>
        <translation>sin función</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="282"/>
        <source>Letter %1 was already handed over; its PIN is active.</source>
        <translation>La carta %1 ya se entregó; su PIN está activo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="283"/>
        <source>Letter %1 was handed over and used in the portal.</source>
        <translation>La carta %1 se entregó y ya se usó en el portal.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="285"/>
        <source>Letter %1 has expired; issue a new PIN at the counter.</source>
        <translation>La carta %1 ha vencido; emita un PIN nuevo en el mostrador.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="288"/>
        <source>Letter %1 was revoked; issue a new PIN at the counter.</source>
        <translation>La carta %1 fue revocada; emita un PIN nuevo en el mostrador.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="290"/>
        <source>Letter %1 cannot be handed over.</source>
        <translation>La carta %1 no se puede entregar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="309"/>
        <source>Student…</source>
        <translation>Estudiante…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="311"/>
        <source>A student&apos;s record and guardians. Ctrl+W closes it.</source>
        <translation>El expediente de un estudiante y sus tutores. Ctrl+W lo cierra.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="382"/>
        <source>&lt;h2&gt;The desk is locked&lt;/h2&gt;It locks after %1 minutes without activity, or with Ctrl+L.</source>
        <translation>&lt;h2&gt;El puesto está bloqueado&lt;/h2&gt;Se bloquea tras %1 minutos sin actividad, o con Ctrl+L.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="387"/>
        <source>&lt;h2&gt;The desk is locked&lt;/h2&gt;It locks after %1 minute without activity, or with Ctrl+L.</source>
        <translation>&lt;h2&gt;El puesto está bloqueado&lt;/h2&gt;Se bloquea tras %1 minuto sin actividad, o con Ctrl+L.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="407"/>
        <source>Type the user name and the password.</source>
        <translation>Escriba el usuario y la contraseña.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="9"/>
        <source>ppdesk: Parent Portal desk</source>
        <translation>ppdesk: puesto del Portal para Padres</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.ui" line="59"/>
        <source>&lt;h3&gt;Reporting&lt;/h3&gt;&lt;p&gt;The Student/Parent PIN roster, letters for a class, grade or school, reports and the audit trail will be here. Until then use the command line: &lt;code&gt;ppdesk --help&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Informes&lt;/h3&gt;&lt;p&gt;Aquí estarán la lista de PIN de estudiantes y padres, las cartas por clase, grado o escuela, los informes y el registro de auditoría. Mientras tanto use la línea de comandos: &lt;code&gt;ppdesk --help&lt;/code&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="70"/>
        <source>Students found</source>
        <translation>Estudiantes encontrados</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/main_window.py" line="84"/>
        <source>Guardians found</source>
        <translation>Tutores encontrados</translation>
    </message>
</context>
<context>
    <name>ModePage</name>
    <message>
        <location filename="../../ppdesk/gui/wizard_pages.py" line="105"/>
        <source>&lt;b&gt;%1&lt;/b&gt;, student ID %2, grade %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;, id. de estudiante %2, grado %3</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard_pages.py" line="113"/>
        <source> (a new PIN will replace it)</source>
        <translation> (un PIN nuevo lo sustituirá)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="9"/>
        <source>Who is at the desk?</source>
        <translation>¿Quién está en el mostrador?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="12"/>
        <source>Check that this is the person in front of you (or on the video call), then say how you see them.</source>
        <translation>Compruebe que es la persona que tiene delante (o en la videollamada) e indique cómo la ve.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="20"/>
        <source>Guardian:</source>
        <translation>Tutor:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="34"/>
        <source>Student:</source>
        <translation>Estudiante:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="48"/>
        <source>Parent Portal PIN:</source>
        <translation>PIN del Portal para Padres:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="67"/>
        <source>How is the guardian here?</source>
        <translation>¿Cómo está presente el tutor?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="73"/>
        <source>The guardian is at the counter and shows a photo ID.</source>
        <translation>El tutor está en el mostrador y muestra una identificación con foto.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="76"/>
        <source>&amp;In person, at the counter</source>
        <translation>&amp;En persona, en el mostrador</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="86"/>
        <source>The guardian is on a live video call. You must see them on screen.</source>
        <translation>El tutor está en una videollamada en directo. Debe verlo en la pantalla.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="89"/>
        <source>On a live &amp;video call (you must see them on screen; the PIN may then be read out)</source>
        <translation>En una &amp;videollamada en directo (debe verle en pantalla; el PIN puede leerse en voz alta)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="101"/>
        <source>&amp;Reason for a new PIN:</source>
        <translation>&amp;Motivo del PIN nuevo:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="111"/>
        <source>Why a new PIN is needed. It is kept in the audit trail.</source>
        <translation>Por qué se necesita un PIN nuevo. Queda en el registro de auditoría.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="117"/>
        <source>e.g. letter lost</source>
        <translation>p. ej. carta perdida</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_mode.ui" line="126"/>
        <source>Next you ask the five security questions, then check a photo ID. The PIN is shown only if every check passes.</source>
        <translation>A continuación hará las cinco preguntas de seguridad y revisará una identificación con foto. El PIN solo se muestra si se superan todas las comprobaciones.</translation>
    </message>
</context>
<context>
    <name>OutcomePage</name>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="302"/>
        <source>Identity verified in person</source>
        <translation>Identidad verificada en persona</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="304"/>
        <source>Identity verified on video</source>
        <translation>Identidad verificada por vídeo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="307"/>
        <source>Give the letter to the guardian: its PIN works from now on.</source>
        <translation>Entregue la carta al padre, madre o tutor: su PIN funciona desde ahora.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="309"/>
        <source>Give the PIN to the guardian, then print the letter or finish.</source>
        <translation>Entregue el PIN al tutor y después imprima la carta o termine.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="317"/>
        <source>Identity not verified: the letter stays held</source>
        <translation>Identidad no verificada: la carta sigue retenida</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="318"/>
        <source>Do not give the letter to this person today.</source>
        <translation>No entregue la carta a esta persona hoy.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="323"/>
        <source>Identity not verified: no PIN</source>
        <translation>Identidad no verificada: sin PIN</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="324"/>
        <source>Do not give a PIN to this person today.</source>
        <translation>No entregue hoy un PIN a esta persona.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="341"/>
        <source>Verified by a district office: the letter goes by the school&apos;s route. Read the PIN by phone, or queue the letter for the school to print.</source>
        <translation>Verificado por una oficina del distrito: la carta sigue la vía de la escuela. Lea el PIN por teléfono o ponga la carta en la cola de la escuela para que la imprima.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="346"/>
        <source>Verified in person at a district office: the school prints the letter. Queue it for the school; the PIN is not shown here.</source>
        <translation>Verificado en persona en una oficina del distrito: la escuela imprime la carta. Póngala en la cola de la escuela; el PIN no se muestra aquí.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="352"/>
        <location filename="../../ppdesk/gui/wizard.py" line="432"/>
        <source>Parent Portal PIN of &lt;b&gt;%1&lt;/b&gt; for &lt;b&gt;%2&lt;/b&gt;:</source>
        <translation>PIN del Portal para Padres de &lt;b&gt;%1&lt;/b&gt; para &lt;b&gt;%2&lt;/b&gt;:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="394"/>
        <source>The letter of &lt;b&gt;%1&lt;/b&gt; for &lt;b&gt;%2&lt;/b&gt; waits at %3 for the school&apos;s office to print it (Letters to print). Its PIN works until %4.</source>
        <translation>La carta de &lt;b&gt;%1&lt;/b&gt; para &lt;b&gt;%2&lt;/b&gt; espera en %3 a que la oficina de la escuela la imprima (Cartas por imprimir). Su PIN funciona hasta el %4.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="447"/>
        <source>Activating the letter of &lt;b&gt;%1&lt;/b&gt; for &lt;b&gt;%2&lt;/b&gt;:</source>
        <translation>Activando la carta de &lt;b&gt;%1&lt;/b&gt; para &lt;b&gt;%2&lt;/b&gt;:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="468"/>
        <source>The letter of &lt;b&gt;%1&lt;/b&gt; for &lt;b&gt;%2&lt;/b&gt; is handed over:</source>
        <translation>La carta de &lt;b&gt;%1&lt;/b&gt; para &lt;b&gt;%2&lt;/b&gt; está entregada:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="475"/>
        <source>Its PIN is active now. Use it by %1.</source>
        <translation>Su PIN ya está activo. Úselo a más tardar el %1.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="485"/>
        <source>Also held for this guardian: %1. Ask that child&apos;s questions before handing each letter over.</source>
        <translation>También retenidas para este padre, madre o tutor: %1. Haga las preguntas de cada niño antes de entregar su carta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="493"/>
        <source>&amp;Next letter: %1</source>
        <translation>Carta &amp;siguiente: %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="516"/>
        <source>Use this PIN by %1</source>
        <translation>Use este PIN a más tardar el %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="519"/>
        <source>Read it out as: %1</source>
        <translation>Léalo así: %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="538"/>
        <source>The verification passed, but the PIN could not be shown.</source>
        <translation>La verificación se superó, pero no se pudo mostrar el PIN.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="410"/>
        <location filename="../../ppdesk/gui/wizard.py" line="540"/>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="235"/>
        <source>Hand over the next held letter of the same guardian.</source>
        <translation>Entregar la siguiente carta retenida del mismo tutor.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="242"/>
        <source>&amp;Read the PIN by phone now</source>
        <translation>&amp;Leer el PIN por teléfono ahora</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="245"/>
        <source>&amp;Queue the letter for the school to print</source>
        <translation>&amp;Poner la carta en la cola de la escuela</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="552"/>
        <source>The letter went to the printer.</source>
        <translation>La carta se envió a la impresora.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="560"/>
        <source>PIN letter for %1 (%2)</source>
        <translation>Carta del PIN para %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="573"/>
        <source>The PIN was hidden when the desk locked.</source>
        <translation>El PIN se ocultó al bloquearse el puesto.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="586"/>
        <source>&lt;p&gt;&lt;b&gt;This guardian is now locked&lt;/b&gt; after repeated failed verifications. A principal or assistant principal must unlock them before another attempt.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Este tutor está ahora bloqueado&lt;/b&gt; tras varias verificaciones fallidas. Un director o subdirector debe desbloquearlo antes de otro intento.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="592"/>
        <source>&lt;p&gt;After %1 failed verifications in 24 hours the guardian is locked until a principal or assistant principal unlocks them.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Tras %1 verificaciones fallidas en 24 horas, el tutor queda bloqueado hasta que un director o subdirector lo desbloquee.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="599"/>
        <source>&lt;p&gt;&lt;b&gt;What to do next:&lt;/b&gt; if an answer was misheard or mistyped, you may start a new verification. Otherwise tell the guardian, in general terms, that the information could not be confirmed (never which answer was wrong): they may come back with a valid photo ID, or ask the office to check the information on file.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Qué hacer ahora:&lt;/b&gt; si una respuesta se oyó o escribió mal, puede empezar una verificación nueva. Si no, diga al tutor, en términos generales, que no se pudo confirmar la información (nunca qué respuesta falló): puede volver con una identificación con foto válida o pedir a la oficina que revise los datos registrados.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_outcome.ui" line="9"/>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_outcome.ui" line="86"/>
        <source>Try the check again.</source>
        <translation>Intentar la comprobación otra vez.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_outcome.ui" line="89"/>
        <source>&amp;Retry</source>
        <translation>&amp;Reintentar</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_outcome.ui" line="96"/>
        <source>Show the PIN on screen again.</source>
        <translation>Volver a mostrar el PIN en pantalla.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_outcome.ui" line="99"/>
        <source>&amp;Show the PIN again</source>
        <translation>&amp;Mostrar el PIN otra vez</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_outcome.ui" line="113"/>
        <source>Print the PIN letter for this guardian.</source>
        <translation>Imprimir la carta con el PIN para este tutor.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_outcome.ui" line="116"/>
        <source>&amp;Print letter…</source>
        <translation>&amp;Imprimir carta…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_outcome.ui" line="126"/>
        <source>Show the PIN letter on screen before printing it.</source>
        <translation>Mostrar en pantalla la carta con el PIN antes de imprimirla.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_outcome.ui" line="129"/>
        <source>Previe&amp;w letter</source>
        <translation>&amp;Vista previa de la carta</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_outcome.ui" line="141"/>
        <source>Read or show the PIN to the guardian only. It is never copied, and it is wiped from the screen when you press Finish.</source>
        <translation>Lea o muestre el PIN solo al tutor. Nunca se copia y se borra de la pantalla al pulsar Terminar.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_outcome.ui" line="162"/>
        <source>These checks did not pass:</source>
        <translation>Estas comprobaciones no se superaron:</translation>
    </message>
</context>
<context>
    <name>PasswordPrompt</name>
    <message>
        <location filename="../../ppdesk/gui/prompts.py" line="29"/>
        <location filename="../../ppdesk/gui/prompts.py" line="75"/>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/prompts.py" line="29"/>
        <location filename="../../ppdesk/gui/prompts.py" line="76"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/prompts.py" line="31"/>
        <source>Confirm with this password.</source>
        <translation>Confirmar con esta contraseña.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/prompts.py" line="31"/>
        <location filename="../../ppdesk/gui/prompts.py" line="96"/>
        <source>Do not go on.</source>
        <translation>No continuar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/prompts.py" line="88"/>
        <source>The reason is kept in the audit trail.</source>
        <translation>El motivo queda en el registro de auditoría.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/prompts.py" line="94"/>
        <source>Go ahead, with this reason.</source>
        <translation>Continuar, con este motivo.</translation>
    </message>
    <message>
        <location filename="../../ui/password_prompt.ui" line="9"/>
        <source>Enter your password again</source>
        <translation>Escriba de nuevo su contraseña</translation>
    </message>
    <message>
        <location filename="../../ui/password_prompt.ui" line="27"/>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <location filename="../../ui/password_prompt.ui" line="37"/>
        <source>Your password again, to confirm that it is you. It is never shown.</source>
        <translation>Su contraseña otra vez, para confirmar que es usted. Nunca se muestra.</translation>
    </message>
</context>
<context>
    <name>PhotoIdPage</name>
    <message>
        <location filename="../../ppdesk/gui/wizard_pages.py" line="281"/>
        <source>The photo ID shown for the previous letter is filled in.</source>
        <translation>Se ha rellenado la identificación con foto mostrada para la carta anterior.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard_pages.py" line="299"/>
        <source>Type the date printed on the ID.</source>
        <translation>Escriba la fecha impresa en la identificación.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard_pages.py" line="301"/>
        <source>Not understood as a date: type month/day/year, or the month&apos;s name.</source>
        <translation>No se entiende como fecha: escriba mes/día/año o el nombre del mes.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard_pages.py" line="303"/>
        <source>Read as %1: this ID has expired.</source>
        <translation>Leído como %1: esta identificación está vencida.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard_pages.py" line="305"/>
        <source>Read as %1.</source>
        <translation>Leído como %1.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="9"/>
        <source>Photo ID</source>
        <translation>Identificación con foto</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="12"/>
        <source>Ask for a California ID, driver&apos;s license, consulate card or passport and look at it yourself.</source>
        <translation>Pida una identificación de California, licencia de conducir, matrícula consular o pasaporte y revísela usted mismo.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="20"/>
        <source>Guardian on record:</source>
        <translation>Tutor registrado:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="34"/>
        <source>&amp;Type of photo ID:</source>
        <translation>&amp;Tipo de identificación:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="44"/>
        <source>The kind of photo ID the guardian shows.</source>
        <translation>El tipo de identificación con foto que muestra el tutor.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="47"/>
        <source>Choose the ID shown</source>
        <translation>Elija la identificación mostrada</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="56"/>
        <source>Does the name on the ID match the guardian&apos;s name?</source>
        <translation>¿Coincide el nombre de la identificación con el del tutor?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="62"/>
        <source>The name on the ID is the guardian&apos;s name on record.</source>
        <translation>El nombre de la identificación es el nombre registrado del tutor.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="65"/>
        <source>&amp;Yes, the name matches</source>
        <translation>&amp;Sí, el nombre coincide</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="72"/>
        <source>The name on the ID is not the guardian&apos;s name on record. The check fails.</source>
        <translation>El nombre de la identificación no es el nombre registrado del tutor. La comprobación falla.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="75"/>
        <source>N&amp;o, it does not match</source>
        <translation>N&amp;o, no coincide</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="87"/>
        <source>&amp;Expiry date on the ID:</source>
        <translation>&amp;Fecha de vencimiento:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="97"/>
        <source>The expiry date printed on the ID.</source>
        <translation>La fecha de vencimiento impresa en la identificación.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="103"/>
        <source>e.g. 12/31/2030 or Dec 31 2030</source>
        <translation>p. ej. 12/31/2030 o dic 31 2030</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="117"/>
        <source>Tick this when the ID has no expiry date printed on it.</source>
        <translation>Márquelo cuando la identificación no tenga fecha de vencimiento impresa.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="120"/>
        <source>This ID has no e&amp;xpiry date printed on it</source>
        <translation>Esta identificación no tiene fecha de &amp;vencimiento impresa</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="129"/>
        <source>Video call: did you see the guardian on screen, holding this ID?</source>
        <translation>Videollamada: ¿vio al tutor en pantalla sosteniendo esta identificación?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="135"/>
        <source>You saw the guardian&apos;s face and the photo ID together on the video.</source>
        <translation>Vio juntos en el video la cara del tutor y la identificación con foto.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="138"/>
        <source>Yes, &amp;seen on screen with the ID</source>
        <translation>Sí, &amp;visto en pantalla con la identificación</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="145"/>
        <source>You did not see the guardian with the photo ID on the video. The check fails.</source>
        <translation>No vio al tutor con la identificación con foto en el video. La comprobación falla.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_photo_id.ui" line="148"/>
        <source>No, not seen (the check &amp;fails)</source>
        <translation>No, no visto (la comprobación &amp;falla)</translation>
    </message>
</context>
<context>
    <name>QuestionsPage</name>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="9"/>
        <source>Security questions</source>
        <translation>Preguntas de seguridad</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="12"/>
        <source>Ask each question and type the answer exactly as the guardian gives it. Do not read anything from the record to them.</source>
        <translation>Haga cada pregunta y escriba la respuesta tal como la da el tutor. No le lea nada del expediente.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="20"/>
        <source>1. Student&apos;s &amp;date of birth:</source>
        <translation>1. &amp;Fecha de nacimiento del estudiante:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="30"/>
        <source>The student&apos;s date of birth, as the guardian says it.</source>
        <translation>La fecha de nacimiento del estudiante, tal como la dice el tutor.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="36"/>
        <source>as the guardian says it, e.g. March 4 2015 or 3/4/2015</source>
        <translation>como la diga el tutor, p. ej. 4 de marzo de 2015 o 3/4/2015</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="43"/>
        <source>2. Student&apos;s first and last na&amp;me:</source>
        <translation>2. No&amp;mbre y apellido del estudiante:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="53"/>
        <source>The student&apos;s full name, as the guardian says it.</source>
        <translation>El nombre completo del estudiante, tal como lo dice el tutor.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="59"/>
        <source>first and last name</source>
        <translation>nombre y apellido</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="66"/>
        <source>3. Student&apos;s &amp;grade level:</source>
        <translation>3. &amp;Grado del estudiante:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="76"/>
        <source>The student&apos;s grade, as the guardian says it.</source>
        <translation>El grado del estudiante, tal como lo dice el tutor.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="82"/>
        <source>e.g. K, 3, third</source>
        <translation>p. ej. K, 3, tercero</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="89"/>
        <source>4. Student&apos;s home &amp;address</source>
        <translation>4. &amp;Domicilio del estudiante</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="99"/>
        <source>The home address on record, as the guardian says it.</source>
        <translation>La dirección del hogar registrada, tal como la dice el tutor.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="105"/>
        <source>street and number (ZIP optional)</source>
        <translation>calle y número (código postal opcional)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="112"/>
        <source>    and &amp;phone number:</source>
        <translation>    y número de &amp;teléfono:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="122"/>
        <source>A phone number on record, as the guardian says it.</source>
        <translation>Un número de teléfono registrado, tal como lo dice el tutor.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="128"/>
        <source>10 digits, any punctuation</source>
        <translation>10 dígitos, con cualquier puntuación</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="135"/>
        <source>5. Emergency con&amp;tact&apos;s name</source>
        <translation>5. Nombre del &amp;contacto de emergencia</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="145"/>
        <source>The name of an emergency contact, as the guardian says it.</source>
        <translation>El nombre de un contacto de emergencia, tal como lo dice el tutor.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="151"/>
        <source>one of the student&apos;s emergency contacts</source>
        <translation>uno de los contactos de emergencia del estudiante</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="158"/>
        <source>    and that contact&apos;s ph&amp;one:</source>
        <translation>    y el teléf&amp;ono de ese contacto:</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="168"/>
        <source>That emergency contact&apos;s phone number, as the guardian says it.</source>
        <translation>El teléfono de ese contacto de emergencia, tal como lo dice el tutor.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="174"/>
        <source>that contact&apos;s phone number</source>
        <translation>número de teléfono de ese contacto</translation>
    </message>
    <message>
        <location filename="../../ui/wizard_questions.ui" line="183"/>
        <source>Every answer is needed. If the guardian does not know one, type what they say (for example &quot;does not know&quot;): the check then fails.</source>
        <translation>Se necesitan todas las respuestas. Si el tutor no sabe una, escriba lo que diga (por ejemplo &quot;no sabe&quot;): la comprobación falla entonces.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard_pages.py" line="164"/>
        <source>Read as %1.</source>
        <translation>Leído como %1.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard_pages.py" line="163"/>
        <source>Not understood as a date: type month/day/year, or the month&apos;s name.</source>
        <translation>No se entiende como fecha: escriba mes/día/año o el nombre del mes.</translation>
    </message>
</context>
<context>
    <name>RedemptionPanel</name>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="30"/>
        <source>Portal linking</source>
        <translation>Vinculación en el portal</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="41"/>
        <source>Check a PIN…</source>
        <translation>Comprobar un PIN…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="45"/>
        <source>Says whether a PIN the parent holds is valid for this student; does not use it.</source>
        <translation>Indica si un PIN que tiene el padre o la madre es válido para este estudiante; no lo usa.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="48"/>
        <source>Clear the redemption lock</source>
        <translation>Quitar el bloqueo de vinculación</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="51"/>
        <source>Let the parent try linking the portal account again after failed tries.</source>
        <translation>Permitir que el padre o la madre intente otra vez vincular la cuenta del portal tras intentos fallidos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="73"/>
        <source>No failed portal link attempts in the last 24 hours.</source>
        <translation>Ningún intento fallido de vinculación en el portal en las últimas 24 horas.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="77"/>
        <source>%1 failed portal link attempts in the last 24 hours (%2 lock it): %3</source>
        <translation>%1 intentos fallidos de vinculación en el portal en las últimas 24 horas (%2 la bloquean): %3</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="83"/>
        <source>Linking is locked for this student.</source>
        <translation>La vinculación está bloqueada para este estudiante.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="105"/>
        <source>Check a PIN</source>
        <translation>Comprobar un PIN</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="106"/>
        <source>Type the PIN from the parent&apos;s letter. It is checked, not used.</source>
        <translation>Escriba el PIN de la carta del padre o la madre. Se comprueba, no se usa.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="108"/>
        <source>Check</source>
        <translation>Comprobar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="117"/>
        <source>Valid: the active PIN of %1, until %2. The parent can link with it.</source>
        <translation>Válido: el PIN activo de %1, hasta el %2. El padre o la madre puede vincular con él.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="123"/>
        <source>Not valid for this student: %1.</source>
        <translation>No es válido para este estudiante: %1.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/redemption_panel.py" line="142"/>
        <source>%1 failed attempts cleared: the parent can try again.</source>
        <translation>%1 intentos fallidos borrados: el padre o la madre puede intentarlo de nuevo.</translation>
    </message>
</context>
<context>
    <name>ReportTables</name>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="16"/>
        <source>Grade</source>
        <translation>Grado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="17"/>
        <source>Homeroom</source>
        <translation>Salón</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="18"/>
        <source>Students</source>
        <translation>Estudiantes</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="19"/>
        <source>Guardians</source>
        <translation>Tutores</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="20"/>
        <source>Verified</source>
        <translation>Verificados</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="21"/>
        <source>PINs issued</source>
        <translation>PIN emitidos</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="22"/>
        <source>Connected</source>
        <translation>Conectados</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="23"/>
        <source>Expired unused</source>
        <translation>Vencidos sin usar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="24"/>
        <source>Issued %</source>
        <translation>% emitidos</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="25"/>
        <source>Connected %</source>
        <translation>% conectados</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="26"/>
        <source>Students connected %</source>
        <translation>% estudiantes conectados</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="27"/>
        <source>Student</source>
        <translation>Estudiante</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="28"/>
        <source>Student ID</source>
        <translation>ID del estudiante</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="29"/>
        <source>Guardian</source>
        <translation>Tutor</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="30"/>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="31"/>
        <source>Relationship</source>
        <translation>Parentesco</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="32"/>
        <source>Was</source>
        <translation>Antes</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="33"/>
        <source>Verified legal guardian</source>
        <translation>Tutor legal verificado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="34"/>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="35"/>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="36"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="37"/>
        <source>When</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="38"/>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="39"/>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="40"/>
        <source>Requested</source>
        <translation>Solicitada</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="41"/>
        <source>Guardian SIS ID</source>
        <translation>Id. del tutor en el SIS</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="42"/>
        <source>Documents seen</source>
        <translation>Documentos vistos</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="43"/>
        <source>Update</source>
        <translation>Actualización</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="44"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="45"/>
        <source>Requested by</source>
        <translation>Solicitada por</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="65"/>
        <source>Record the verified status</source>
        <translation>Registrar el estado verificado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="66"/>
        <source>Remove the verified status</source>
        <translation>Quitar el estado verificado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="78"/>
        <source>Not yet a verified parent/legal guardian: the parent brings documents to the office (section III), then a PIN can be issued</source>
        <translation>Aún no es padre/tutor legal verificado: el padre trae documentos a la oficina (sección III) y luego se puede emitir un PIN</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="83"/>
        <source>No PIN issued yet</source>
        <translation>Aún no se emitió un PIN</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="84"/>
        <source>PIN issued, not redeemed yet</source>
        <translation>PIN emitido, aún no canjeado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="85"/>
        <source>PIN expired unused: reissue</source>
        <translation>PIN vencido sin usar: volver a emitir</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="86"/>
        <source>PIN revoked: issue a new one if needed</source>
        <translation>PIN revocado: emitir uno nuevo si hace falta</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="87"/>
        <source>Bulk letter printed, not handed over yet</source>
        <translation>Carta masiva impresa, aún no entregada</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="94"/>
        <source>New</source>
        <translation>Nuevo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="95"/>
        <source>Changed</source>
        <translation>Cambiado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="96"/>
        <source>Removed</source>
        <translation>Eliminado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="97"/>
        <source>Home phone changed</source>
        <translation>Cambió el teléfono de casa</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="98"/>
        <source>Work phone changed</source>
        <translation>Cambió el teléfono del trabajo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="99"/>
        <source>Cell phone changed</source>
        <translation>Cambió el celular</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="100"/>
        <source>Contact preference changed</source>
        <translation>Cambió la preferencia de contacto</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="101"/>
        <source>Text opt-in changed</source>
        <translation>Cambió el permiso para mensajes de texto</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="102"/>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="103"/>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="125"/>
        <source>Bulk letter not handed over for %1 days or more: call the family to come to the office with a photo ID</source>
        <translation>Carta masiva sin entregar desde hace %1 días o más: llame a la familia para que venga a la oficina con una identificación con foto</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="145"/>
        <source>All grades</source>
        <translation>Todos los grados</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/report_models.py" line="151"/>
        <source>(grade total)</source>
        <translation>(total del grado)</translation>
    </message>
</context>
<context>
    <name>ReportingTab</name>
    <message>
        <location filename="../../ppdesk/gui/office/reporting.py" line="33"/>
        <source>PIN issued</source>
        <translation>PIN emitido</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/reporting.py" line="34"/>
        <source>Connected to the portal</source>
        <translation>Conectado al portal</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="25"/>
        <source>Portal adoption</source>
        <translation>Uso del portal</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="28"/>
        <source>How many guardians have a PIN and use the portal, by grade.</source>
        <translation>Cuántos tutores tienen un PIN y usan el portal, por grado.</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="43"/>
        <source>Per grade: guardians with a PIN and guardians connected to the portal.</source>
        <translation>Por grado: tutores con un PIN y tutores conectados al portal.</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="82"/>
        <location filename="../../ui/reporting_tab.ui" line="152"/>
        <location filename="../../ui/reporting_tab.ui" line="256"/>
        <location filename="../../ui/reporting_tab.ui" line="336"/>
        <source>Run this report again.</source>
        <translation>Volver a generar este informe.</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="92"/>
        <location filename="../../ui/reporting_tab.ui" line="162"/>
        <location filename="../../ui/reporting_tab.ui" line="266"/>
        <location filename="../../ui/reporting_tab.ui" line="346"/>
        <source>Save this report as an Excel workbook or a PDF file.</source>
        <translation>Guardar este informe como libro de Excel o archivo PDF.</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="105"/>
        <location filename="../../ui/reporting_tab.ui" line="117"/>
        <source>Outreach list</source>
        <translation>Lista de contacto</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="108"/>
        <source>Families to call about their PIN letter.</source>
        <translation>Familias a las que llamar por su carta con el PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="114"/>
        <source>Families to call: their letter is held or their PIN is not used yet.</source>
        <translation>Familias a las que llamar: su carta está retenida o aún no han usado su PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="175"/>
        <location filename="../../ui/reporting_tab.ui" line="221"/>
        <source>New emergency contacts</source>
        <translation>Contactos de emergencia nuevos</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="178"/>
        <source>Emergency contacts added or changed lately.</source>
        <translation>Contactos de emergencia añadidos o cambiados recientemente.</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="196"/>
        <source>List the emergency contacts added or changed from this day on.</source>
        <translation>Listar los contactos de emergencia añadidos o cambiados desde este día.</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="218"/>
        <source>Emergency contacts added or changed since the day chosen above.</source>
        <translation>Contactos de emergencia añadidos o cambiados desde el día elegido arriba.</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="279"/>
        <location filename="../../ui/reporting_tab.ui" line="301"/>
        <source>SIS updates to make</source>
        <translation>Actualizaciones pendientes en el SIS</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="298"/>
        <source>Changes the desk asked for that the office must make in the SIS.</source>
        <translation>Cambios que pidió el puesto y que la oficina debe hacer en el SIS.</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="85"/>
        <location filename="../../ui/reporting_tab.ui" line="155"/>
        <location filename="../../ui/reporting_tab.ui" line="259"/>
        <location filename="../../ui/reporting_tab.ui" line="339"/>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="95"/>
        <location filename="../../ui/reporting_tab.ui" line="165"/>
        <location filename="../../ui/reporting_tab.ui" line="269"/>
        <location filename="../../ui/reporting_tab.ui" line="349"/>
        <source>Export (Excel or PDF)…</source>
        <translation>Exportar (Excel o PDF)…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/reporting.py" line="85"/>
        <source>Guardians by grade (% of verified legal guardians)</source>
        <translation>Tutores por grado (% de tutores legales verificados)</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="186"/>
        <source>Added or changed since:</source>
        <translation>Agregados o cambiados desde:</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="282"/>
        <source>What the office must record in the SIS.</source>
        <translation>Lo que la oficina debe registrar en el SIS.</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="288"/>
        <source>Record each guardian below as the verified parent and legal guardian of the student in the SIS. The next SIS import that carries the status removes the row; the PIN can be issued from then on.</source>
        <translation>Registre en el SIS a cada tutor de la lista como padre o tutor legal verificado del estudiante. La próxima importación del SIS que tenga el estado quita la fila; desde entonces se puede emitir el PIN.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/reporting.py" line="182"/>
        <source>{students} students, {connected} with a guardian connected.</source>
        <translation>{students} estudiantes, {connected} con un tutor conectado.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/reporting.py" line="205"/>
        <source>Grade</source>
        <translation>Grado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/reporting.py" line="222"/>
        <source>{n} guardians to contact.</source>
        <translation>{n} tutores por contactar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/reporting.py" line="228"/>
        <source>{n} contacts added or changed.</source>
        <translation>{n} contactos agregados o cambiados.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/reporting.py" line="234"/>
        <source>{n} SIS updates to make.</source>
        <translation>{n} actualizaciones pendientes en el SIS.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/reporting.py" line="242"/>
        <source>Export the report</source>
        <translation>Exportar el informe</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/reporting.py" line="244"/>
        <source>Excel (*.xlsx);;PDF (*.pdf)</source>
        <translation>Excel (*.xlsx);;PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/reporting_tab.ui" line="46"/>
        <source>Portal adoption by grade</source>
        <translation>Uso del portal por grado</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="247"/>
        <source>Revoke a role</source>
        <translation>Retirar una función</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="248"/>
        <source>Revoke a role of %1. It stops working on their very next action.</source>
        <translation>Retirar una función de %1. Deja de funcionar desde su próxima acción.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="256"/>
        <source>R&amp;ole:</source>
        <translation>&amp;Función:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="258"/>
        <source>The role to revoke, with the school or district where it applies.</source>
        <translation>El rol que se revoca, con la escuela o el distrito donde se aplica.</translation>
    </message>
</context>
<context>
    <name>RosterTab</name>
    <message>
        <location filename="../../ui/roster_tab.ui" line="61"/>
        <source>Search any column (name, ID, phone…)</source>
        <translation>Buscar en cualquier columna (nombre, ID, teléfono…)</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="74"/>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="11"/>
        <source>Grade:</source>
        <translation>Grado:</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="21"/>
        <source>Show one grade, or all grades.</source>
        <translation>Mostrar un grado o todos los grados.</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="28"/>
        <source>Homeroom teacher:</source>
        <translation>Maestro del salón:</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="38"/>
        <source>Show one homeroom teacher&apos;s students, or all.</source>
        <translation>Mostrar los estudiantes de un maestro del salón, o de todos.</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="48"/>
        <source>Search:</source>
        <translation>Buscar:</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="58"/>
        <source>Show only the rows that contain this text.</source>
        <translation>Mostrar solo las filas que contienen este texto.</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="71"/>
        <source>Load the roster again from the database.</source>
        <translation>Volver a cargar la lista desde la base de datos.</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="83"/>
        <source>Students and their guardians; PINs are hidden until you reveal them.</source>
        <translation>Estudiantes y sus tutores; los PIN quedan ocultos hasta que los revele.</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="127"/>
        <source>Stop the export.</source>
        <translation>Detener la exportación.</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="140"/>
        <source>Reveal PINs of selected rows</source>
        <translation>Mostrar los PIN de las filas seleccionadas</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="137"/>
        <source>Shows the PINs of the selected rows. Recorded in the audit trail.</source>
        <translation>Muestra los PIN de las filas seleccionadas. Queda registrado en la auditoría.</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="147"/>
        <source>Hide the PINs shown again.</source>
        <translation>Volver a ocultar los PIN mostrados.</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="153"/>
        <source>Hide PINs</source>
        <translation>Ocultar los PIN</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="163"/>
        <source>Export to Excel…</source>
        <translation>Exportar a Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="160"/>
        <source>Writes the rows shown (after filters) with their PINs. Audited.</source>
        <translation>Escribe las filas mostradas (con los filtros) y sus PIN. Queda auditado.</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="130"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster.py" line="250"/>
        <source>Loading the roster…</source>
        <translation>Cargando la lista…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster.py" line="177"/>
        <source>All grades</source>
        <translation>Todos los grados</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster.py" line="178"/>
        <source>All homerooms</source>
        <translation>Todos los salones</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster.py" line="333"/>
        <source>{shown} of {total} rows shown</source>
        <translation>{shown} de {total} filas mostradas</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster.py" line="380"/>
        <source>The first {shown} rows shown; counting the rest…</source>
        <translation>Se muestran las primeras {shown} filas; contando el resto…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster.py" line="399"/>
        <source>Select the rows whose PINs you want to see.</source>
        <translation>Seleccione las filas cuyos PIN quiere ver.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster.py" line="436"/>
        <source>Export the roster</source>
        <translation>Exportar la lista</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster.py" line="436"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster.py" line="485"/>
        <source>Export cancelled: no file was written.</source>
        <translation>Exportación cancelada: no se escribió ningún archivo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster.py" line="488"/>
        <source>Exported {rows} rows to {path}.</source>
        <translation>Se exportaron {rows} filas a {path}.</translation>
    </message>
    <message>
        <location filename="../../ui/roster_tab.ui" line="86"/>
        <source>Roster</source>
        <translation>Lista</translation>
    </message>
</context>
<context>
    <name>RosterTableModel</name>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="41"/>
        <source>Student ID</source>
        <translation>ID del estudiante</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="42"/>
        <source>Last name</source>
        <translation>Apellido</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="43"/>
        <source>First name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="44"/>
        <source>Grade</source>
        <translation>Grado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="45"/>
        <source>Homeroom teacher</source>
        <translation>Maestro del salón</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="46"/>
        <source>Guardian</source>
        <translation>Tutor</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="47"/>
        <source>Relationship</source>
        <translation>Parentesco</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="48"/>
        <source>Parent Portal PIN</source>
        <translation>PIN del Portal para Padres</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="49"/>
        <source>Use PIN by</source>
        <translation>Usar el PIN hasta el</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="50"/>
        <source>Student PIN</source>
        <translation>PIN del estudiante</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="51"/>
        <source>Verified legal guardian</source>
        <translation>Tutor legal verificado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="52"/>
        <source>Portal account</source>
        <translation>Cuenta del portal</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="53"/>
        <source>Guardian phone</source>
        <translation>Teléfono del tutor</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="54"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="55"/>
        <source>School</source>
        <translation>Escuela</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="65"/>
        <source>Not issued</source>
        <translation>No emitido</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="66"/>
        <source>Redeemed</source>
        <translation>Canjeado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="67"/>
        <source>Revoked</source>
        <translation>Revocado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="68"/>
        <source>Expired</source>
        <translation>Vencido</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="69"/>
        <source>Active</source>
        <translation>Activo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="70"/>
        <source>Held, not handed over</source>
        <translation>Retenido, no entregado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/roster_model.py" line="71"/>
        <source>Unavailable</source>
        <translation>No disponible</translation>
    </message>
</context>
<context>
    <name>SchoolLettersTab</name>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="66"/>
        <source>PIN letters of parents verified by a district office (in person there, or on a live video call). The district office does not print them: the school prints each one and gives it to the parent by its usual route.</source>
        <translation>Cartas con PIN de padres verificados por una oficina del distrito (en persona allí o por videollamada en vivo). La oficina del distrito no las imprime: la escuela imprime cada una y la entrega al padre o a la madre por su vía habitual.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="77"/>
        <source>Queued</source>
        <translation>En cola</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="78"/>
        <source>Student ID</source>
        <translation>ID del estudiante</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="79"/>
        <source>Student</source>
        <translation>Estudiante</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="80"/>
        <source>Guardian</source>
        <translation>Tutor</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="81"/>
        <source>Verified</source>
        <translation>Verificado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="82"/>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="83"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="90"/>
        <source>Letters to print</source>
        <translation>Cartas por imprimir</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="93"/>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="94"/>
        <source>Print the letter…</source>
        <translation>Imprimir la carta…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="99"/>
        <source>PIN letters of district verifications waiting to be printed here.</source>
        <translation>Cartas con el PIN de verificaciones del distrito que esperan a imprimirse aquí.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="101"/>
        <source>Load the waiting letters again.</source>
        <translation>Volver a cargar las cartas en espera.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="102"/>
        <source>Print the selected waiting letter.</source>
        <translation>Imprimir la carta en espera seleccionada.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="127"/>
        <source>On a live video call</source>
        <translation>Por videollamada en vivo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="129"/>
        <source>In person at the district office</source>
        <translation>En persona en la oficina del distrito</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="132"/>
        <source>Active until %1</source>
        <translation>Activo hasta el %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="134"/>
        <source>Ended: cannot be printed</source>
        <translation>Terminado: no se puede imprimir</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="151"/>
        <source>Letters waiting: %1.</source>
        <translation>Cartas en espera: %1.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="153"/>
        <source>No letter is waiting.</source>
        <translation>No hay ninguna carta en espera.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/school_letters_tab.py" line="175"/>
        <source>The letter went to the printer.</source>
        <translation>La carta se envió a la impresora.</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../ppdesk/gui/search.py" line="148"/>
        <source>Letter number: press Enter to hand the letter over.</source>
        <translation>Número de carta: pulse Intro para entregar la carta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/search.py" line="170"/>
        <source>Searching…</source>
        <translation>Buscando…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/search.py" line="237"/>
        <source>Looking up the letter…</source>
        <translation>Buscando la carta…</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.ui" line="14"/>
        <source>&amp;Search:</source>
        <translation>&amp;Buscar:</translation>
    </message>
    <message>
        <location filename="../../ui/search_page.ui" line="71"/>
        <source>↑ ↓ choose a row · Enter opens it · Esc clears the search</source>
        <translation>↑ ↓ elige una fila · Intro la abre · Esc borra la búsqueda</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/search.py" line="108"/>
        <source>Enter or a double click opens the selected row.</source>
        <translation>Intro o un doble clic abre la fila seleccionada.</translation>
    </message>
</context>
<context>
    <name>SettingsTab</name>
    <message>
        <location filename="../../ui/settings_tab.ui" line="121"/>
        <source>Sign-&amp;in:</source>
        <translation>&amp;Inicio de sesión:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="127"/>
        <source>How people sign in on this workstation and whether it keeps a database login of its own.</source>
        <translation>Cómo inician sesión las personas en esta estación de trabajo y si esta guarda un usuario de base de datos propio.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/settings_tab.py" line="86"/>
        <source>Each person&apos;s own database login (counter desk)</source>
        <translation>Usuario propio de cada persona (mostrador)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/settings_tab.py" line="90"/>
        <source>This workstation&apos;s own login (administrator)</source>
        <translation>Usuario propio de esta estación (administrador)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/settings_tab.py" line="330"/>
        <source>People sign in with their own database login (their directory or database password); this workstation keeps no database user or password (saving removes the one in the keyring) and connects only as the person signed in. For counter desks on a shared PostgreSQL database with personal logins.</source>
        <translation>Las personas inician sesión con su propio usuario de base de datos (su contraseña del directorio o de la base de datos); esta estación no guarda ningún usuario ni contraseña de base de datos (al guardar se quita la del llavero) y se conecta solo como la persona que inició sesión. Para los mostradores en una base de datos PostgreSQL compartida con inicios de sesión personales.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/settings_tab.py" line="340"/>
        <source>This workstation connects with its own database user and the password kept in the system keyring, before anyone signs in. For an administrator&apos;s workstation, and for a SQLite file.</source>
        <translation>Esta estación se conecta con su propio usuario de base de datos y la contraseña guardada en el llavero del sistema, antes de que nadie inicie sesión. Para la estación de un administrador y para un archivo SQLite.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="340"/>
        <source>School time zone (report times):</source>
        <translation>Zona horaria de la escuela (horas de los informes):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="368"/>
        <source>&amp;Save settings</source>
        <translation>&amp;Guardar configuración</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="370"/>
        <source>Save every setting on this tab.</source>
        <translation>Guardar todos los ajustes de esta pestaña.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="18"/>
        <source>Database (applies at the next start)</source>
        <translation>Base de datos (se aplica al próximo inicio)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="26"/>
        <source>This workstation&apos;s own database file</source>
        <translation>El archivo de base de datos propio de este equipo</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="32"/>
        <source>A database &amp;file (SQLite):</source>
        <translation>Un &amp;archivo de base de datos (SQLite):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="50"/>
        <source>A shared server (&amp;PostgreSQL)</source>
        <translation>Un &amp;servidor compartido (PostgreSQL)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="38"/>
        <source>path of the .sqlite3 file</source>
        <translation>ruta del archivo .sqlite3</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="44"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="61"/>
        <source>server name or address</source>
        <translation>nombre o dirección del servidor</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="105"/>
        <source>kept in the system keyring</source>
        <translation>se guarda en el llavero del sistema</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="112"/>
        <source>&amp;Test connection</source>
        <translation>&amp;Probar conexión</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/settings_tab.py" line="76"/>
        <source>In use now: %1</source>
        <translation>En uso ahora: %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="27"/>
        <source>Use the database file ppdesk keeps on this computer.</source>
        <translation>Usar el archivo de base de datos que ppdesk guarda en este equipo.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="33"/>
        <source>Use another SQLite database file on this computer.</source>
        <translation>Usar otro archivo de base de datos SQLite de este equipo.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="51"/>
        <source>Use a PostgreSQL server shared by several desks.</source>
        <translation>Usar un servidor PostgreSQL compartido por varios puestos.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="39"/>
        <source>Where the SQLite database file is.</source>
        <translation>Dónde está el archivo de base de datos SQLite.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="45"/>
        <source>Choose the SQLite database file.</source>
        <translation>Elegir el archivo de base de datos SQLite.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="62"/>
        <source>The PostgreSQL server&apos;s name or address.</source>
        <translation>El nombre o la dirección del servidor PostgreSQL.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="75"/>
        <source>The PostgreSQL server&apos;s port, usually 5432.</source>
        <translation>El puerto del servidor PostgreSQL, normalmente 5432.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="85"/>
        <source>The name of the database on the server.</source>
        <translation>El nombre de la base de datos en el servidor.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="95"/>
        <source>The user name on the database server.</source>
        <translation>El nombre de usuario en el servidor de base de datos.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="107"/>
        <source>The database server&apos;s password, kept in the system keyring.</source>
        <translation>La contraseña del servidor de base de datos, guardada en el llavero del sistema.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="113"/>
        <source>Try to connect with these details now.</source>
        <translation>Intentar conectarse ahora con estos datos.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="56"/>
        <source>Host:</source>
        <translation>Servidor:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="67"/>
        <source>Port:</source>
        <translation>Puerto:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="80"/>
        <source>Database:</source>
        <translation>Base de datos:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="90"/>
        <source>User:</source>
        <translation>Usuario:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="100"/>
        <source>Password:</source>
        <translation>Contraseña:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="205"/>
        <source>School profile printed on the letters</source>
        <translation>Perfil de la escuela impreso en las cartas</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="289"/>
        <source>PNG or JPEG; none prints the name only</source>
        <translation>PNG o JPEG; sin logotipo se imprime solo el nombre</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="295"/>
        <source>Br&amp;owse…</source>
        <translation>E&amp;xaminar…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="219"/>
        <source>The school whose profile is shown.</source>
        <translation>La escuela cuyo perfil se muestra.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="230"/>
        <source>The school&apos;s name, as printed on the letters.</source>
        <translation>El nombre de la escuela, tal como se imprime en las cartas.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="244"/>
        <source>The school&apos;s address, as printed on the letters.</source>
        <translation>La dirección de la escuela, tal como se imprime en las cartas.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="255"/>
        <source>The school&apos;s phone number, printed on the letters.</source>
        <translation>El teléfono de la escuela, que se imprime en las cartas.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="266"/>
        <source>The principal&apos;s name, printed on the letters.</source>
        <translation>El nombre del director o la directora, que se imprime en las cartas.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="277"/>
        <source>The Parent Portal&apos;s web address, printed on the letters.</source>
        <translation>La dirección web del Portal para Padres, que se imprime en las cartas.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="290"/>
        <source>The logo printed on the letters at this workstation.</source>
        <translation>El logotipo que se imprime en las cartas en este equipo.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="296"/>
        <source>Choose the logo&apos;s image file.</source>
        <translation>Elegir el archivo de imagen del logotipo.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="213"/>
        <source>School:</source>
        <translation>Escuela:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="224"/>
        <source>Name:</source>
        <translation>Nombre:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="235"/>
        <source>Address:</source>
        <translation>Dirección:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="249"/>
        <source>Phone:</source>
        <translation>Teléfono:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="260"/>
        <source>Principal:</source>
        <translation>Director:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="271"/>
        <source>Portal address:</source>
        <translation>Dirección del portal:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="282"/>
        <source>Logo (this workstation):</source>
        <translation>Logotipo (este equipo):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="133"/>
        <source>Letters and PINs</source>
        <translation>Cartas y PIN</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="148"/>
        <location filename="../../ui/settings_tab.ui" line="186"/>
        <source> days</source>
        <translation> días</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="141"/>
        <source>A new PIN at this school is valid for:</source>
        <translation>Un PIN nuevo de esta escuela es válido durante:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="168"/>
        <source>Print bulk letters</source>
        <translation>Imprimir cartas masivas</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="173"/>
        <source>Their PINs work only after the hand-over at the office.</source>
        <translation>Sus PIN solo funcionan después de la entrega en la oficina.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="162"/>
        <source>Bulk letters:</source>
        <translation>Cartas masivas:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="151"/>
        <source>How many days a new PIN at this school can be used.</source>
        <translation>Cuántos días se puede usar un PIN nuevo en esta escuela.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="189"/>
        <source>After how many days a held letter puts the family on the outreach list.</source>
        <translation>Tras cuántos días una carta retenida pone a la familia en la lista de contacto.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="179"/>
        <source>Call families whose letter is held for:</source>
        <translation>Llamar a las familias cuya carta está retenida desde hace:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/settings_tab.py" line="110"/>
        <source>Print letters in this language.</source>
        <translation>Imprimir cartas en este idioma.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="194"/>
        <source>Letter languages:</source>
        <translation>Idiomas de las cartas:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="306"/>
        <source>This desk</source>
        <translation>Este puesto</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="321"/>
        <source> minutes</source>
        <translation> minutos</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="324"/>
        <source>The desk locks itself after this long without use.</source>
        <translation>El puesto se bloquea solo tras este tiempo sin uso.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="335"/>
        <source>The language of the desk, from the next start.</source>
        <translation>El idioma del puesto, a partir del próximo inicio.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="348"/>
        <source>The time zone report times are shown in.</source>
        <translation>La zona horaria en que se muestran las horas de los informes.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="314"/>
        <source>Lock after no activity for:</source>
        <translation>Bloquear tras inactividad de:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_tab.ui" line="329"/>
        <source>Interface language (next start):</source>
        <translation>Idioma de la interfaz (próximo inicio):</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/settings_tab.py" line="309"/>
        <source>More than %1 days: a PIN sent by post should not stay valid that long (NIST SP 800-63B).</source>
        <translation>Más de %1 días: un PIN enviado por correo no debería ser válido tanto tiempo (NIST SP 800-63B).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/settings_tab.py" line="320"/>
        <source>Database file</source>
        <translation>Archivo de base de datos</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/settings_tab.py" line="322"/>
        <source>SQLite database (*.sqlite3 *.db)</source>
        <translation>Base de datos SQLite (*.sqlite3 *.db)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/settings_tab.py" line="329"/>
        <source>School logo</source>
        <translation>Logotipo de la escuela</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/settings_tab.py" line="329"/>
        <source>Images (*.png *.jpg)</source>
        <translation>Imágenes (*.png *.jpg)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/settings_tab.py" line="419"/>
        <source>Saved. The idle lock applies now; the database and the interface language change at the next start.</source>
        <translation>Guardado. El bloqueo por inactividad se aplica ya; la base de datos y el idioma de la interfaz cambian al próximo inicio.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/settings_tab.py" line="443"/>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
</context>
<context>
    <name>SisRequestDialog</name>
    <message>
        <location filename="../../ppdesk/gui/sis_request_dialog.py" line="29"/>
        <source>Birth certificate naming the parent</source>
        <translation>Acta de nacimiento que nombra al padre</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/sis_request_dialog.py" line="30"/>
        <source>Court order (custody or guardianship)</source>
        <translation>Orden judicial (custodia o tutela)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/sis_request_dialog.py" line="31"/>
        <source>Adoption decree</source>
        <translation>Sentencia de adopción</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/sis_request_dialog.py" line="32"/>
        <source>Photo ID of the parent or guardian</source>
        <translation>Identificación con foto del padre o tutor</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/sis_request_dialog.py" line="33"/>
        <source>Other document</source>
        <translation>Otro documento</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/sis_request_dialog.py" line="56"/>
        <source>Request the SIS update</source>
        <translation>Solicitar la actualización en el SIS</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/sis_request_dialog.py" line="62"/>
        <source>This school&apos;s records come from the student information system (SIS). ppdesk does not record %1 as the verified parent and legal guardian of %2: the status must be updated in the SIS (reference guide, section III). Say which documents you saw; the request goes on the “SIS updates to make” report for the office. The PIN can be issued once the SIS carries the status (after the next SIS import).</source>
        <translation>Los registros de esta escuela vienen del sistema de información estudiantil (SIS). ppdesk no registra a %1 como padre o tutor legal verificado de %2: el estado debe actualizarse en el SIS (guía de referencia, sección III). Indique qué documentos vio; la solicitud aparece en el informe “Actualizaciones pendientes en el SIS” para la oficina. El PIN se puede emitir cuando el SIS tenga el estado (después de la próxima importación del SIS).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/sis_request_dialog.py" line="76"/>
        <source>Documents seen:</source>
        <translation>Documentos vistos:</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/sis_request_dialog.py" line="84"/>
        <source>Details (document number, the other document):</source>
        <translation>Detalles (número del documento, el otro documento):</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/sis_request_dialog.py" line="94"/>
        <source>Record the request</source>
        <translation>Registrar la solicitud</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/sis_request_dialog.py" line="96"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>StaffTab</name>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="234"/>
        <source>district %1</source>
        <translation>distrito %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="237"/>
        <source>all schools</source>
        <translation>todas las escuelas</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="46"/>
        <source>no role</source>
        <translation>sin función</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="51"/>
        <source>deactivated</source>
        <translation>desactivada</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="53"/>
        <source>locked</source>
        <translation>bloqueada</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="55"/>
        <source>active</source>
        <translation>activo</translation>
    </message>
    <message>
        <location filename="../../ui/staff_tab.ui" line="9"/>
        <source>Select a staff member, then choose an action. Role changes apply to their very next action; every change is kept in the audit trail with its reason.</source>
        <translation>Seleccione un miembro del personal y elija una acción. Los cambios de función se aplican desde su próxima acción; cada cambio queda en el registro de auditoría con su motivo.</translation>
    </message>
    <message>
        <location filename="../../ui/staff_tab.ui" line="19"/>
        <source>The staff accounts and their roles. Select one to change it.</source>
        <translation>Las cuentas del personal y sus roles. Seleccione una para cambiarla.</translation>
    </message>
    <message>
        <location filename="../../ui/staff_tab.ui" line="53"/>
        <source>Add a staff account. It has no role until you grant one.</source>
        <translation>Añadir una cuenta del personal. No tiene rol hasta que le otorgue uno.</translation>
    </message>
    <message>
        <location filename="../../ui/staff_tab.ui" line="56"/>
        <source>&amp;Add staff member…</source>
        <translation>&amp;Añadir personal…</translation>
    </message>
    <message>
        <location filename="../../ui/staff_tab.ui" line="63"/>
        <source>Give the selected staff member a role.</source>
        <translation>Otorgar un rol al miembro del personal seleccionado.</translation>
    </message>
    <message>
        <location filename="../../ui/staff_tab.ui" line="66"/>
        <source>&amp;Grant role…</source>
        <translation>Asi&amp;gnar función…</translation>
    </message>
    <message>
        <location filename="../../ui/staff_tab.ui" line="73"/>
        <source>Take a role away from the selected staff member.</source>
        <translation>Quitar un rol al miembro del personal seleccionado.</translation>
    </message>
    <message>
        <location filename="../../ui/staff_tab.ui" line="76"/>
        <source>Re&amp;voke role…</source>
        <translation>Re&amp;tirar función…</translation>
    </message>
    <message>
        <location filename="../../ui/staff_tab.ui" line="83"/>
        <source>Deactivate or reactivate the selected staff member&apos;s account.</source>
        <translation>Desactivar o reactivar la cuenta del miembro del personal seleccionado.</translation>
    </message>
    <message>
        <location filename="../../ui/staff_tab.ui" line="93"/>
        <source>Unlock an account locked after too many failed logins.</source>
        <translation>Desbloquear una cuenta bloqueada tras demasiados inicios de sesión fallidos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="207"/>
        <location filename="../../ui/staff_tab.ui" line="86"/>
        <source>&amp;Deactivate…</source>
        <translation>&amp;Desactivar…</translation>
    </message>
    <message>
        <location filename="../../ui/staff_tab.ui" line="96"/>
        <source>&amp;Unlock…</source>
        <translation>Des&amp;bloquear…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="207"/>
        <source>&amp;Reactivate…</source>
        <translation>&amp;Reactivar…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="249"/>
        <source>Added %1. Grant a role next.</source>
        <translation>Se añadió a %1. Ahora asígnele una función.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="261"/>
        <source>Role granted to %1.</source>
        <translation>Función asignada a %1.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="277"/>
        <source>Role revoked from %1.</source>
        <translation>Función retirada a %1.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="288"/>
        <source>Deactivate an account</source>
        <translation>Desactivar una cuenta</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="289"/>
        <source>%1 will not be able to log in until reactivated.</source>
        <translation>%1 no podrá iniciar sesión hasta que se reactive la cuenta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="290"/>
        <source>%1 is deactivated.</source>
        <translation>La cuenta de %1 está desactivada.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="292"/>
        <source>Reactivate an account</source>
        <translation>Reactivar una cuenta</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="293"/>
        <source>%1 will be able to log in again with the same roles.</source>
        <translation>%1 podrá volver a iniciar sesión con las mismas funciones.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="294"/>
        <source>%1 is active again.</source>
        <translation>La cuenta de %1 vuelve a estar activa.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="312"/>
        <source>Unlock an account</source>
        <translation>Desbloquear una cuenta</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="313"/>
        <source>%1 was locked after too many wrong passwords.</source>
        <translation>La cuenta de %1 se bloqueó tras demasiadas contraseñas erróneas.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="320"/>
        <source>%1 is unlocked.</source>
        <translation>La cuenta de %1 está desbloqueada.</translation>
    </message>
    <message>
        <location filename="../../ui/staff_tab.ui" line="22"/>
        <source>Staff members</source>
        <translation>Miembros del personal</translation>
    </message>
</context>
<context>
    <name>StudentPage</name>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="49"/>
        <source>Locked after repeated failed verifications: a principal or assistant principal must unlock this guardian before another attempt.</source>
        <translation>Bloqueado tras varias verificaciones fallidas: un director o subdirector debe desbloquear a este tutor antes de otro intento.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="88"/>
        <source>Han&amp;d over letter…</source>
        <translation>&amp;Entregar carta…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="110"/>
        <source>Remove verified status…</source>
        <translation>Quitar el estado verificado…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="127"/>
        <source>&lt;h2&gt;Loading…&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Cargando…&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="198"/>
        <source>&lt;h2&gt;%1&lt;/h2&gt;Student ID %2 · grade %3 · %4</source>
        <translation>&lt;h2&gt;%1&lt;/h2&gt;Id. de estudiante %2 · grado %3 · %4</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="291"/>
        <source>Request the SIS update…</source>
        <translation>Solicitar la actualización en el SIS…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="228"/>
        <source>The portal has refused this student&apos;s PINs after repeated wrong entries today; linking works again after 24 hours.</source>
        <translation>El portal ha rechazado hoy los PIN de este estudiante tras varios intentos erróneos; la vinculación vuelve a funcionar pasadas 24 horas.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="114"/>
        <source>Record that the chosen guardian is no longer the verified parent and legal guardian (a custody change).</source>
        <translation>Registrar que el tutor elegido ya no es el padre o tutor legal verificado (un cambio de custodia).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="268"/>
        <source>Verify the guardian, then activate letter %1.</source>
        <translation>Verifique al padre, madre o tutor y luego active la carta %1.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="270"/>
        <source>Only a bulk letter that is held (not handed over yet).</source>
        <translation>Solo una carta masiva retenida (aún no entregada).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="274"/>
        <source>&amp;Verify identity and show PIN…</source>
        <translation>&amp;Verificar identidad y mostrar PIN…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="276"/>
        <source>&amp;Verify identity and issue PIN…</source>
        <translation>&amp;Verificar identidad y emitir PIN…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="289"/>
        <source>Withdraw the SIS request…</source>
        <translation>Retirar la solicitud al SIS…</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="314"/>
        <source>PIN features are off on this workstation: %1</source>
        <translation>Las funciones de PIN están desactivadas en este equipo: %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="319"/>
        <source>Bulk letter %1 is held: its PIN works only after you verify this guardian and hand it over.</source>
        <translation>La carta masiva %1 está retenida: su PIN solo funciona después de que usted verifique a este padre, madre o tutor y se la entregue.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="327"/>
        <source>Printing the letter needs a passed verification by you in the last %1 minutes.</source>
        <translation>Para imprimir la carta necesita haber superado usted una verificación en los últimos %1 minutos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="337"/>
        <source>Only a verified parent and legal guardian who is not locked.</source>
        <translation>Solo un padre y tutor legal verificado que no esté bloqueado.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="342"/>
        <location filename="../../ppdesk/gui/student_view.py" line="349"/>
        <source>Needs an active PIN and your passed verification (%1 minutes).</source>
        <translation>Requiere un PIN activo y una verificación superada por usted (%1 minutos).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="353"/>
        <source>Replaces an issued PIN, after a new verification.</source>
        <translation>Sustituye un PIN emitido, tras una verificación nueva.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="354"/>
        <source>Only an active PIN can be revoked.</source>
        <translation>Solo se puede revocar un PIN activo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="357"/>
        <source>Already recorded as verified parent and legal guardian.</source>
        <translation>Ya consta como padre y tutor legal verificado.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="359"/>
        <source>Only a guardian locked after failed verifications.</source>
        <translation>Solo un tutor bloqueado tras verificaciones fallidas.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="381"/>
        <source>This letter&apos;s guardian is not linked to this student.</source>
        <translation>El padre, madre o tutor de esta carta no está vinculado a este estudiante.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="386"/>
        <source>This letter cannot be handed over.</source>
        <translation>Esta carta no se puede entregar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="442"/>
        <source>The letter went to the printer.</source>
        <translation>La carta se envió a la impresora.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="449"/>
        <source>PIN letter for %1</source>
        <translation>Carta del PIN para %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="465"/>
        <source>The PIN of %1 was revoked.</source>
        <translation>Se revocó el PIN de %1.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="472"/>
        <source>Revoke PIN</source>
        <translation>Revocar PIN</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="473"/>
        <source>Why revoke the PIN of %1?</source>
        <translation>¿Por qué revoca el PIN de %1?</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="475"/>
        <source>Revoke</source>
        <translation>Revocar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="485"/>
        <source>The verified status was removed on %1 by %2; its removal in the SIS is on the “SIS updates to make” report for the office. Imports keep this guardian unverified until one carries the removal.</source>
        <translation>%2 quitó el estado verificado el %1; su eliminación en el SIS figura en el informe «Actualizaciones pendientes en el SIS» para la oficina. Las importaciones mantienen a este tutor sin verificar hasta que una refleje la eliminación.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="494"/>
        <source>An SIS update was requested on %1 by %2 (documents seen: %3); it is on the “SIS updates to make” report for the office. The PIN can be issued once the SIS carries the verified parent and legal guardian status (after the next SIS import).</source>
        <translation>%2 solicitó la actualización en el SIS el %1 (documentos vistos: %3); está en el informe “Actualizaciones pendientes en el SIS” para la oficina. El PIN se puede emitir cuando el SIS tenga el estado de padre o tutor legal verificado (después de la próxima importación del SIS).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="517"/>
        <source>The SIS update for %1 was requested: it is on the “SIS updates to make” report. The PIN can be issued once the SIS carries the status.</source>
        <translation>Se solicitó la actualización en el SIS para %1: está en el informe “Actualizaciones pendientes en el SIS”. El PIN se puede emitir cuando el SIS tenga el estado.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="542"/>
        <source>The SIS request for %1 was withdrawn; it is no longer on the “SIS updates to make” report.</source>
        <translation>Se retiró la solicitud al SIS para %1; ya no está en el informe “Actualizaciones pendientes en el SIS”.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="553"/>
        <source>Withdraw the SIS request</source>
        <translation>Retirar la solicitud al SIS</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="554"/>
        <source>Why withdraw the request to record %1 in the SIS?</source>
        <translation>¿Por qué retira la solicitud de registrar a %1 en el SIS?</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="556"/>
        <source>Withdraw</source>
        <translation>Retirar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="580"/>
        <source>%1 is now recorded as verified parent and legal guardian.</source>
        <translation>%1 consta ahora como padre y tutor legal verificado.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="588"/>
        <source>Verified parent and legal guardian</source>
        <translation>Padre y tutor legal verificado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="591"/>
        <source>You confirmed by the school&apos;s procedure that %1 is the parent or legal guardian. How (document seen, SIS record)?</source>
        <translation>Usted confirmó según el procedimiento de la escuela que %1 es el padre o tutor legal. ¿Cómo (documento revisado, registro del SIS)?</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="597"/>
        <source>Record</source>
        <translation>Registrar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="618"/>
        <source>Remove verified status</source>
        <translation>Quitar el estado verificado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="621"/>
        <source>A court order or a custody change: %1 will no longer be the verified parent and legal guardian. Active and held PINs are revoked. Why?</source>
        <translation>Una orden judicial o un cambio de custodia: %1 dejará de ser el padre o tutor legal verificado. Los PIN activos y retenidos se revocan. ¿Por qué?</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="627"/>
        <source>Remove status</source>
        <translation>Quitar el estado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="631"/>
        <source>The verified status was removed; no new PIN can be issued.</source>
        <translation>Se quitó el estado verificado; no se puede emitir un PIN nuevo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="633"/>
        <source>The PIN was revoked.</source>
        <translation>El PIN fue revocado.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="636"/>
        <source>The SIS decides the status at this school: the removal is on the “SIS updates to make” report for the office to record in the SIS. Until an import carries it, imports keep this guardian unverified.</source>
        <translation>En esta escuela el SIS decide el estado: la eliminación figura en el informe «Actualizaciones pendientes en el SIS» para que la oficina la registre en el SIS. Hasta que una importación la refleje, las importaciones mantienen a este tutor sin verificar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="642"/>
        <source>The guardian already linked the student on the portal; ppdesk cannot remove that link. The case is on the “Portal links to remove” report.</source>
        <translation>El tutor ya vinculó al estudiante en el portal; ppdesk no puede quitar ese vínculo. El caso figura en el informe “Vínculos del portal que hay que quitar”.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="670"/>
        <source>%1 can be verified again.</source>
        <translation>%1 puede volver a verificarse.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="676"/>
        <source>%1 at school %2, student %3, by %4 (%5): %6</source>
        <translation>%1 en la escuela %2, estudiante %3, por %4 (%5): %6</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="681"/>
        <source>video</source>
        <translation>video</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="681"/>
        <source>in person</source>
        <translation>en persona</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="682"/>
        <source>photo ID</source>
        <translation>identificación con foto</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="688"/>
        <source>Unlock guardian</source>
        <translation>Desbloquear tutor</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="690"/>
        <source>Failed verifications since the last unlock:
%1

Why unlock %2?</source>
        <translation>Verificaciones fallidas desde el último desbloqueo:
%1

¿Por qué desbloquear a %2?</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="695"/>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
</context>
<context>
    <name>StudentView</name>
    <message>
        <location filename="../../ui/student_view.ui" line="25"/>
        <source>Student</source>
        <translation>Estudiante</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="36"/>
        <source>Student ID:</source>
        <translation>Id. de estudiante:</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="53"/>
        <source>Date of birth:</source>
        <translation>Fecha de nacimiento:</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="70"/>
        <source>Grade:</source>
        <translation>Grado:</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="87"/>
        <source>Homeroom:</source>
        <translation>Aula:</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="104"/>
        <source>School:</source>
        <translation>Escuela:</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="121"/>
        <source>Address:</source>
        <translation>Dirección:</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="138"/>
        <source>Phone:</source>
        <translation>Teléfono:</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="155"/>
        <source>Student email:</source>
        <translation>Correo del estudiante:</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="172"/>
        <source>Home language:</source>
        <translation>Idioma del hogar:</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="203"/>
        <source>&amp;Guardians</source>
        <translation>&amp;Tutores</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="209"/>
        <source>The student&apos;s guardians. Choose one to verify, print or change.</source>
        <translation>Los tutores del estudiante. Elija uno para verificarlo, imprimir o hacer cambios.</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="246"/>
        <source>Ask the security questions and check a photo ID before a PIN is issued or shown.</source>
        <translation>Hacer las preguntas de seguridad y revisar una identificación con foto antes de emitir o mostrar un PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="249"/>
        <source>&amp;Verify identity and issue PIN…</source>
        <translation>&amp;Verificar identidad y emitir PIN…</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="256"/>
        <source>Print the PIN letter for the chosen guardian.</source>
        <translation>Imprimir la carta con el PIN para el tutor elegido.</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="259"/>
        <source>&amp;Print letter…</source>
        <translation>&amp;Imprimir carta…</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="266"/>
        <source>Show the PIN letter on screen before printing it.</source>
        <translation>Mostrar en pantalla la carta con el PIN antes de imprimirla.</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="269"/>
        <source>Previe&amp;w letter</source>
        <translation>Vista &amp;previa de la carta</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="276"/>
        <source>Replace the guardian&apos;s PIN with a new one. The old one stops working.</source>
        <translation>Reemplazar el PIN del tutor por uno nuevo. El anterior deja de funcionar.</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="279"/>
        <source>Re&amp;issue PIN…</source>
        <translation>Volve&amp;r a emitir PIN…</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="286"/>
        <source>Stop the guardian&apos;s PIN from working.</source>
        <translation>Hacer que el PIN del tutor deje de funcionar.</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="289"/>
        <source>Rev&amp;oke PIN…</source>
        <translation>Rev&amp;ocar PIN…</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="307"/>
        <source>Record that the chosen guardian is the verified parent and legal guardian.</source>
        <translation>Registrar que el tutor elegido es el padre o tutor legal verificado.</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="310"/>
        <source>&amp;Mark as verified parent and legal guardian…</source>
        <translation>&amp;Marcar como padre y tutor legal verificado…</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="317"/>
        <source>Allow new verification attempts for a locked guardian.</source>
        <translation>Permitir nuevos intentos de verificación para un tutor bloqueado.</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="320"/>
        <source>&amp;Unlock guardian…</source>
        <translation>Des&amp;bloquear tutor…</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="339"/>
        <source>Emergency &amp;contacts</source>
        <translation>&amp;Contactos de emergencia</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="345"/>
        <source>The student&apos;s emergency contacts, as imported from the student information system.</source>
        <translation>Los contactos de emergencia del estudiante, tal como se importaron del sistema de información estudiantil.</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="373"/>
        <source>&lt;h3&gt;Verification in progress&lt;/h3&gt;&lt;p&gt;The student&apos;s details are hidden while the guardian answers the security questions.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Verificación en curso&lt;/h3&gt;&lt;p&gt;Los datos del estudiante están ocultos mientras el tutor responde a las preguntas de seguridad.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="409"/>
        <source>Load the student&apos;s record again from the database.</source>
        <translation>Volver a cargar el expediente del estudiante desde la base de datos.</translation>
    </message>
    <message>
        <location filename="../../ui/student_view.ui" line="412"/>
        <source>Re&amp;fresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
</context>
<context>
    <name>VerificationWizard</name>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="79"/>
        <source>Hand over letter %1: %2</source>
        <translation>Entregar la carta %1: %2</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="81"/>
        <source>Verify identity: %1</source>
        <translation>Verificar identidad: %1</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="86"/>
        <source>&amp;Finish</source>
        <translation>&amp;Terminar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="87"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="88"/>
        <source>&lt; &amp;Back</source>
        <translation>&lt; &amp;Atrás</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="89"/>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Siguiente &gt;</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="91"/>
        <source>Close the wizard; the PIN is wiped.</source>
        <translation>Cerrar el asistente; el PIN se borra.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="92"/>
        <source>Stop this verification.</source>
        <translation>Detener esta verificación.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="93"/>
        <source>Go back to the previous step.</source>
        <translation>Volver al paso anterior.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="94"/>
        <source>Go on to the next step.</source>
        <translation>Pasar al paso siguiente.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="97"/>
        <source>Go on to the next step. A step taken cannot be undone.</source>
        <translation>Pasar al paso siguiente. Un paso dado no se puede deshacer.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="182"/>
        <source>Stop this verification?</source>
        <translation>¿Detener esta verificación?</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="183"/>
        <source>The answers typed so far will be discarded.</source>
        <translation>Se descartarán las respuestas escritas hasta ahora.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="188"/>
        <source>&amp;Yes</source>
        <translation>&amp;Sí</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="189"/>
        <source>&amp;No</source>
        <translation>&amp;No</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="191"/>
        <source>Stop and discard the answers.</source>
        <translation>Detenerse y descartar las respuestas.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard.py" line="194"/>
        <source>Go on with this verification.</source>
        <translation>Continuar con esta verificación.</translation>
    </message>
</context>
<context>
    <name>_FormDialog</name>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="38"/>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="39"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="41"/>
        <source>Save what you entered and close the dialog.</source>
        <translation>Guardar lo que escribió y cerrar el cuadro de diálogo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="44"/>
        <source>Close the dialog without changing anything.</source>
        <translation>Cerrar el cuadro de diálogo sin cambiar nada.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="111"/>
        <source>Why (kept in the audit trail)</source>
        <translation>Por qué (queda en el registro de auditoría)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="115"/>
        <source>Why this is done. It is kept in the audit trail. Tab leaves the field.</source>
        <translation>Por qué se hace. Queda en el registro de auditoría. Tab sale del campo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_dialogs.py" line="117"/>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
</context>
<context>
    <name>accessible</name>
    <message>
        <location filename="../../ppdesk/gui/accessible.py" line="97"/>
        <source>Clear the field</source>
        <extracomment>The object name Qt gives the action behind a line edit&apos;s clear button. The desk&apos;s one style sheet: the focus is always visible. Qt&apos;s styles mark the focus on buttons, fields and boxes themselves, but not on a table or list without a current row (an empty search result): those get a highlighted frame while they have the focus. The padding keeps the frame the same size with and without the focus. Nothing here may remove a focus mark (no ``outline: none``): tests/gui/test_accessibility.py checks every kind of control with and without the focus.</extracomment>
        <translation>Borrar el campo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/accessible.py" line="103"/>
        <source>Show the tabs hidden to the left.</source>
        <translation>Mostrar las pestañas ocultas a la izquierda.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/accessible.py" line="106"/>
        <source>Show the tabs hidden to the right.</source>
        <translation>Mostrar las pestañas ocultas a la derecha.</translation>
    </message>
</context>
<context>
    <name>dates</name>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="41"/>
        <source>Jan</source>
        <translation>ene</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="42"/>
        <source>Feb</source>
        <translation>feb</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="43"/>
        <source>Mar</source>
        <translation>mar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="44"/>
        <source>Apr</source>
        <translation>abr</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="45"/>
        <source>May</source>
        <translation>may</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="46"/>
        <source>Jun</source>
        <translation>jun</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="47"/>
        <source>Jul</source>
        <translation>jul</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="48"/>
        <source>Aug</source>
        <translation>ago</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="49"/>
        <source>Sep</source>
        <translation>sept</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="50"/>
        <source>Oct</source>
        <translation>oct</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="51"/>
        <source>Nov</source>
        <translation>nov</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="52"/>
        <source>Dec</source>
        <translation>dic</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="100"/>
        <source>{month} {day}, {year}</source>
        <translation>{day} de {month} de {year}</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ppdesk/gui/errors.py" line="31"/>
        <source>The database did not answer (the network or the server may be down). Nothing you typed is lost: check the connection, then try again.</source>
        <translation>La base de datos no respondió (puede que la red o el servidor no funcionen). No se ha perdido nada de lo escrito: compruebe la conexión e inténtelo de nuevo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/errors.py" line="36"/>
        <source>Something went wrong on this workstation (incident %1). Try again; if it keeps happening, give the incident number to your administrator. The details are in the log.</source>
        <translation>Algo falló en este equipo (incidente %1). Inténtelo de nuevo; si vuelve a ocurrir, dé el número de incidente a su administrador. Los detalles están en el registro.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/errors.py" line="100"/>
        <location filename="../../ppdesk/gui/errors.py" line="109"/>
        <source>Database unavailable</source>
        <translation>Base de datos no disponible</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/errors.py" line="116"/>
        <source>Unexpected error</source>
        <translation>Error inesperado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/errors.py" line="154"/>
        <source>&amp;Retry</source>
        <translation>&amp;Reintentar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/errors.py" line="157"/>
        <source>&amp;Close</source>
        <translation>&amp;Cerrar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/errors.py" line="160"/>
        <source>Try the same thing again.</source>
        <translation>Intentar lo mismo otra vez.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/errors.py" line="163"/>
        <location filename="../../ppdesk/gui/errors.py" line="178"/>
        <source>Close this message.</source>
        <translation>Cerrar este mensaje.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/errors.py" line="175"/>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
</context>
<context>
    <name>languages</name>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="38"/>
        <source>English</source>
        <translation>Inglés</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="39"/>
        <source>Spanish</source>
        <translation>Español</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="40"/>
        <source>Korean</source>
        <translation>Coreano</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="41"/>
        <source>Armenian</source>
        <translation>Armenio</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="42"/>
        <source>Chinese</source>
        <translation>Chino</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="43"/>
        <source>Tagalog</source>
        <translation>Tagalo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="44"/>
        <source>Vietnamese</source>
        <translation>Vietnamita</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="45"/>
        <source>Russian</source>
        <translation>Ruso</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="46"/>
        <source>Farsi</source>
        <translation>Persa</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/student_view.py" line="47"/>
        <source>Arabic</source>
        <translation>Árabe</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="634"/>
        <source>Sign-in by each person&apos;s own database login (sign_in = database): this workstation keeps no database user or password. Leave User and Password empty.</source>
        <translation>Inicio de sesión con el usuario de base de datos de cada persona (sign_in = database): esta estación no guarda ningún usuario ni contraseña de base de datos. Deje vacíos Usuario y Contraseña.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="117"/>
        <source>Wrong user name or password.</source>
        <translation>Usuario o contraseña incorrectos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="118"/>
        <source>This account is locked after too many failed logins. Ask your principal or district administrator to unlock it.</source>
        <translation>Esta cuenta está bloqueada tras demasiados inicios de sesión fallidos. Pida a su director o al administrador del distrito que la desbloquee.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="142"/>
        <source>This guardian is not linked to this student.</source>
        <translation>Este tutor no está vinculado a este estudiante.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="145"/>
        <source>No such guardian.</source>
        <translation>No existe ese tutor.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="146"/>
        <source>No such student.</source>
        <translation>No existe ese estudiante.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="147"/>
        <source>This person is not listed as the “verified parent and legal guardian” of this student, so no PIN can be issued. Check the student information system (MiSiS) for the “verified parent and legal guardian” status. If the person is not listed, follow your school&apos;s standard procedure to confirm that they meet the requirements. Once confirmed, the status must be updated in the student information system before a Parent Portal PIN can be issued.</source>
        <translation>Esta persona no figura como «padre y tutor legal verificado» de este estudiante, por lo que no se puede emitir un PIN. Consulte el estado «padre y tutor legal verificado» en el sistema de información estudiantil (MiSiS). Si la persona no figura, siga el procedimiento habitual de su escuela para confirmar que cumple los requisitos. Una vez confirmado, el estado debe actualizarse en el sistema de información estudiantil antes de poder emitir un PIN del Portal para Padres.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="156"/>
        <source>This guardian is locked after {failures} failed verifications in 24 hours. A principal or assistant principal must unlock the guardian before another attempt.</source>
        <translation>Este tutor está bloqueado tras {failures} verificaciones fallidas en 24 horas. Un director o un subdirector debe desbloquear al tutor antes de otro intento.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="161"/>
        <source>The checklist cannot start: {missing}. The emergency card (address, phone numbers and emergency contacts) is updated at the main office with documentation (reference guide section VIII); once the student information system has it and ppdesk has imported it, start the checklist again. Nothing was counted against the guardian.</source>
        <translation>La verificación no puede comenzar: {missing}. La tarjeta de emergencia (dirección, teléfonos y contactos de emergencia) se actualiza en la oficina principal con documentación (guía de referencia, sección VIII); cuando el sistema de información estudiantil la tenga y ppdesk la haya importado, inicie de nuevo la verificación. No se contó nada en contra del tutor.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="168"/>
        <source>the record has no home address, so the address and phone question cannot be asked</source>
        <translation>el registro no tiene domicilio, así que no se puede hacer la pregunta de la dirección y el teléfono</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="172"/>
        <source>the record has no phone number (neither the student&apos;s nor a guardian&apos;s), so the address and phone question cannot be asked</source>
        <translation>el registro no tiene ningún teléfono (ni del estudiante ni de un tutor), así que no se puede hacer la pregunta de la dirección y el teléfono</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="177"/>
        <source>the record has no emergency contact with a name and a phone number, so the emergency contact question cannot be asked</source>
        <translation>el registro no tiene ningún contacto de emergencia con nombre y teléfono, así que no se puede hacer la pregunta del contacto de emergencia</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="182"/>
        <source>No such verification.</source>
        <translation>No existe esa verificación.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="183"/>
        <source>Only the staff member who started this verification can complete it.</source>
        <translation>Solo el miembro del personal que inició esta verificación puede completarla.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="186"/>
        <source>Verify this guardian&apos;s identity first: a passed verification by you in the last {minutes} minutes is needed.</source>
        <translation>Primero verifique la identidad de este tutor: se necesita una verificación aprobada por usted en los últimos {minutes} minutos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="191"/>
        <source>A PIN may be read out by phone only after a passed live video verification (reference guide section IV).</source>
        <translation>Un PIN solo puede leerse por teléfono después de una verificación aprobada por videollamada en vivo (guía de referencia, sección IV).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="196"/>
        <source>After a verification by a district office the PIN letter goes by the school&apos;s route: read the PIN by phone after a passed live video verification (reference guide section IV, step 3), or queue the letter for the school to print. It is not shown on screen, printed or exported here.</source>
        <translation>Tras una verificación por una oficina del distrito, la carta con el PIN sigue la vía de la escuela: lea el PIN por teléfono después de una verificación aprobada por videollamada en vivo (guía de referencia, sección IV, paso 3) o ponga la carta en la cola de la escuela para que la imprima. Aquí no se muestra en pantalla, ni se imprime ni se exporta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="204"/>
        <source>PIN keys are not available on this workstation.</source>
        <translation>Las claves de los PIN no están disponibles en esta estación de trabajo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="207"/>
        <source>channel: one of {channels}.</source>
        <translation>canal: uno de {channels}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="208"/>
        <source>Another workstation has just issued a PIN for this guardian. Refresh and look again.</source>
        <translation>Otra estación de trabajo acaba de emitir un PIN para este tutor. Actualice y vuelva a mirar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="212"/>
        <source>This request was already handled. Refresh and look again.</source>
        <translation>Esta solicitud ya se atendió. Actualice y vuelva a mirar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="215"/>
        <source>Could not generate a unique PIN just now. Please try again.</source>
        <translation>No se pudo generar un PIN único en este momento. Vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="218"/>
        <source>This PIN is {state}; it can no longer be shown. Issue a new one if needed.</source>
        <translation>Este PIN está {state}; ya no se puede mostrar. Emita uno nuevo si hace falta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="221"/>
        <source>This request id belongs to another PIN.</source>
        <translation>Este identificador de solicitud pertenece a otro PIN.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="224"/>
        <source>This guardian has a bulk letter ({letter}) waiting to be handed over. Hand it over, or reissue to replace it.</source>
        <translation>Este tutor tiene una carta masiva ({letter}) pendiente de entrega. Entréguela, o vuelva a emitir el PIN para reemplazarla.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="229"/>
        <source>This guardian already has an active PIN. Reveal it, or reissue to replace it.</source>
        <translation>Este tutor ya tiene un PIN activo. Muéstrelo, o vuelva a emitirlo para reemplazarlo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="233"/>
        <source>This PIN was redeemed or revoked on another workstation a moment ago. Refresh to see its state.</source>
        <translation>Este PIN se canjeó o se revocó en otra estación de trabajo hace un momento. Actualice para ver su estado.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="238"/>
        <source>There is no active PIN to show (it is {state}). Issue a new one if needed.</source>
        <translation>No hay ningún PIN activo que mostrar (está {state}). Emita uno nuevo si hace falta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="242"/>
        <source>There is no active or held PIN to revoke.</source>
        <translation>No hay ningún PIN activo o retenido que revocar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="245"/>
        <source>held</source>
        <translation>retenido</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="246"/>
        <source>active</source>
        <translation>activo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="247"/>
        <source>redeemed</source>
        <translation>canjeado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="248"/>
        <source>revoked</source>
        <translation>revocado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="249"/>
        <source>expired</source>
        <translation>vencido</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="250"/>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="251"/>
        <source>not issued</source>
        <translation>sin emitir</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="253"/>
        <source>No bulk letter {letter} at your school(s). Check the number.</source>
        <translation>No hay ninguna carta masiva {letter} en sus escuelas. Revise el número.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="262"/>
        <source>There is no held letter for this guardian (the last PIN is {state}).</source>
        <translation>No hay ninguna carta retenida para este tutor (el último PIN está {state}).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="265"/>
        <source>This PIN has no letter number.</source>
        <translation>Este PIN no tiene número de carta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="266"/>
        <source>Another workstation has just changed this letter. Look again.</source>
        <translation>Otra estación de trabajo acaba de modificar esta carta. Vuelva a mirar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="270"/>
        <source>Your account has no role that allows looking up students.</source>
        <translation>Su cuenta no tiene ninguna función que permita buscar estudiantes.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="273"/>
        <source>Parent search is not available to teachers.</source>
        <translation>La búsqueda de padres no está disponible para los maestros.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="276"/>
        <source>No student with ID {number!r} among the students you may see.</source>
        <translation>No hay ningún estudiante con el número {number!r} entre los estudiantes que usted puede ver.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="279"/>
        <source>guardian name: give the guardian&apos;s name after the colon.</source>
        <translation>nombre del tutor: escriba el nombre del tutor después de los dos puntos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="282"/>
        <source>Student {number} has no guardian named {name!r}: {listed}.</source>
        <translation>El estudiante {number} no tiene ningún tutor llamado {name!r}: {listed}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="285"/>
        <source>More than one guardian of student {number} matches {name!r}: {listed}. Give more of the name, or the link id.</source>
        <translation>Más de un tutor del estudiante {number} coincide con {name!r}: {listed}. Escriba más del nombre, o el identificador del vínculo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="291"/>
        <source>email: not a valid email address.</source>
        <translation>correo electrónico: no es una dirección válida.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="292"/>
        <source>Too many attempts for this student in 24 hours. Please contact the school office.</source>
        <translation>Demasiados intentos para este estudiante en 24 horas. Comuníquese con la oficina de la escuela.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="296"/>
        <source>This PIN has not been activated yet. Bring a photo ID to the school office.</source>
        <translation>Este PIN aún no se ha activado. Traiga una identificación con foto a la oficina de la escuela.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="300"/>
        <source>The student ID, date of birth and PIN do not match. Check them and try again.</source>
        <translation>El número de estudiante, la fecha de nacimiento y el PIN no coinciden. Revíselos y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="304"/>
        <source>No student with this ID.</source>
        <translation>No hay ningún estudiante con este número.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="309"/>
        <source>This school&apos;s records come from the student information system (SIS): the verified parent and legal guardian status must be updated in the SIS (section III). ppdesk records a request for the office instead (“Request the SIS update…”); the PIN can be issued once an SIS import carries the status.</source>
        <translation>Los registros de esta escuela vienen del sistema de información estudiantil (SIS): el estado de padre o tutor legal verificado debe actualizarse en el SIS (sección III). En su lugar, ppdesk registra una solicitud para la oficina (“Solicitar la actualización en el SIS…”); el PIN se puede emitir cuando una importación del SIS tenga el estado.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="316"/>
        <source>No SIS import feeds this school: record the verified parent and legal guardian status at the desk instead.</source>
        <translation>Ninguna importación del SIS alimenta esta escuela: registre el estado de padre o tutor legal verificado en el escritorio.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="321"/>
        <source>The SIS already lists this guardian as verified parent and legal guardian.</source>
        <translation>El SIS ya registra a este tutor como padre o tutor legal verificado.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="325"/>
        <source>An SIS update for this guardian was already requested by {requested_by} on {requested_on}; it is on the “SIS updates to make” report.</source>
        <translation>{requested_by} ya solicitó la actualización en el SIS para este tutor el {requested_on}; está en el informe “Actualizaciones pendientes en el SIS”.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="330"/>
        <source>documents: say which documents you saw to confirm the parent or legal guardian.</source>
        <translation>documentos: indique qué documentos vio para confirmar al padre o tutor legal.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="334"/>
        <source>documents: unknown kind “{kind}”; use one of {kinds}.</source>
        <translation>documentos: tipo desconocido “{kind}”; use uno de estos: {kinds}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="337"/>
        <source>note: say which other document you saw.</source>
        <translation>nota: indique qué otro documento vio.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="340"/>
        <source>School {code} already records the verified status this way.</source>
        <translation>La escuela {code} ya registra el estado verificado de esta manera.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="343"/>
        <source>There is no open SIS update request for this guardian.</source>
        <translation>No hay ninguna solicitud de actualización en el SIS abierta para este tutor.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="349"/>
        <source>username: use letters, digits, dots, dashes, underscores or @ only.</source>
        <translation>usuario: use solo letras, dígitos, puntos, guiones, guiones bajos o @.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="352"/>
        <source>school: no school with code {code!r}.</source>
        <translation>escuela: no hay ninguna escuela con el código {code!r}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="353"/>
        <source>username: {username!r} is already taken.</source>
        <translation>usuario: {username!r} ya está en uso.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="356"/>
        <source>role: the first account is a principal or a district admin.</source>
        <translation>función: la primera cuenta es la de un director o un administrador del distrito.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="359"/>
        <source>database login: password or directory.</source>
        <translation>inicio de sesión en la base de datos: contraseña o directorio.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="362"/>
        <source>A password login needs a password.</source>
        <translation>Un inicio de sesión con contraseña necesita una contraseña.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="365"/>
        <source>school: a school is needed for this role.</source>
        <translation>escuela: esta función necesita una escuela.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="368"/>
        <source>school: a district administrator is granted for a local district, not a school.</source>
        <translation>escuela: la función de administrador del distrito se otorga para un distrito local, no para una escuela.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="372"/>
        <source>local district: no school in {district!r}.</source>
        <translation>distrito local: no hay ninguna escuela en {district!r}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="375"/>
        <source>username: no staff member {username!r}.</source>
        <translation>usuario: no hay ningún miembro del personal {username!r}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="378"/>
        <source>Personal database logins need a shared PostgreSQL database on which an administrator ran `ppdesk db roles --apply`.</source>
        <translation>Los inicios de sesión personales en la base de datos necesitan una base de datos PostgreSQL compartida en la que un administrador haya ejecutado `ppdesk db roles --apply`.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="383"/>
        <source>No such staff member.</source>
        <translation>No existe ese miembro del personal.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="384"/>
        <source>This database already has staff accounts; ask a principal or district administrator to add yours.</source>
        <translation>Esta base de datos ya tiene cuentas del personal; pida a un director o a un administrador del distrito que agregue la suya.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="389"/>
        <source>local district: required for a district administrator.</source>
        <translation>distrito local: obligatorio para un administrador del distrito.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="392"/>
        <source>{username} already has this role here.</source>
        <translation>{username} ya tiene esta función aquí.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="393"/>
        <source>{username} does not hold this role here.</source>
        <translation>{username} no tiene esta función aquí.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="394"/>
        <source>Nothing to change.</source>
        <translation>No hay nada que cambiar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="395"/>
        <source>Logo: a PNG or JPEG image.</source>
        <translation>Logotipo: una imagen PNG o JPEG.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="396"/>
        <source>Outreach: held letters are listed after 1 to 90 days.</source>
        <translation>Seguimiento: las cartas retenidas se listan después de 1 a 90 días.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="399"/>
        <source>database: choose a SQLite file or PostgreSQL.</source>
        <translation>base de datos: elija un archivo SQLite o PostgreSQL.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="402"/>
        <source>port: between 1 and 65535.</source>
        <translation>puerto: entre 1 y 65535.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="403"/>
        <source>host: a server name or address only.</source>
        <translation>servidor: solo un nombre o una dirección de servidor.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="404"/>
        <source>A password is only needed for a PostgreSQL server.</source>
        <translation>Solo un servidor PostgreSQL necesita contraseña.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="407"/>
        <source>This guardian is not recorded as verified parent and legal guardian.</source>
        <translation>Este tutor no está registrado como padre verificado y tutor legal.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="410"/>
        <source>students: between 10 and 1,000,000.</source>
        <translation>estudiantes: entre 10 y 1.000.000.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="411"/>
        <source>The demo needs an empty database; this one already has data.</source>
        <translation>La demostración necesita una base de datos vacía; esta ya tiene datos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="418"/>
        <source>The letters file must end in .pdf.</source>
        <translation>El archivo de cartas debe terminar en .pdf.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="419"/>
        <source>{path} is a folder; give a file name.</source>
        <translation>{path} es una carpeta; indique un nombre de archivo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="420"/>
        <source>The folder {folder} does not exist.</source>
        <translation>La carpeta {folder} no existe.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="423"/>
        <source>Choose the school to print letters for ({codes}).</source>
        <translation>Elija la escuela para la que se imprimen las cartas ({codes}).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="426"/>
        <source>Choose the school to print letters for.</source>
        <translation>Elija la escuela para la que se imprimen las cartas.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="429"/>
        <source>There is no letter template for {language!r}. Available: auto, {available}.</source>
        <translation>No hay ninguna plantilla de carta para {language!r}. Disponibles: auto, {available}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="432"/>
        <source>There is no school with code {code}.</source>
        <translation>No hay ninguna escuela con el código {code}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="435"/>
        <source>out: the file name must end in {suffixes}.</source>
        <translation>salida: el nombre del archivo debe terminar en {suffixes}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="438"/>
        <source>out: the folder {folder} does not exist.</source>
        <translation>salida: la carpeta {folder} no existe.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="441"/>
        <source>out: {path} is a folder.</source>
        <translation>salida: {path} es una carpeta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="442"/>
        <source>No school with the code {code}.</source>
        <translation>No hay ninguna escuela con el código {code}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="443"/>
        <source>passphrase: use at least {minimum} characters.</source>
        <translation>frase de contraseña: use al menos {minimum} caracteres.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="446"/>
        <source>This database already has PIN keys. Import them with `ppdesk keys import`.</source>
        <translation>Esta base de datos ya tiene claves de PIN. Impórtelas con `ppdesk keys import`.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="449"/>
        <source>The PIN keys of this database work on this workstation: there is nothing to recover. To set up another workstation use `ppdesk keys export` here.</source>
        <translation>Las claves de PIN de esta base de datos funcionan en esta estación de trabajo: no hay nada que recuperar. Para configurar otra estación de trabajo use `ppdesk keys export` aquí.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="454"/>
        <source>This database has never had PIN keys: create them with `ppdesk keys init`.</source>
        <translation>Esta base de datos nunca ha tenido claves de PIN: créelas con `ppdesk keys init`.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="457"/>
        <source>A key recovery revokes PINs at every school in the database: only a district administrator for all of them can run it.</source>
        <translation>Una recuperación de claves revoca los PIN de todas las escuelas de la base de datos: solo un administrador del distrito de todas ellas puede ejecutarla.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="462"/>
        <source>This checkpoint belongs to another database.</source>
        <translation>Este punto de control pertenece a otra base de datos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="465"/>
        <source>file: the template is an .xlsx workbook.</source>
        <translation>archivo: la plantilla es un libro .xlsx.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="468"/>
        <source>kind: one of {kinds}.</source>
        <translation>tipo: uno de {kinds}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="469"/>
        <source>Another SIS import is being applied right now. Try again once it has finished.</source>
        <translation>Ahora mismo se está aplicando otra importación del SIS. Vuelva a intentarlo cuando haya terminado.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="472"/>
        <source>Reveal at most {maximum:,} rows at a time.</source>
        <translation>Muestre como máximo {maximum:,} filas a la vez.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="479"/>
        <source>This guardian has no active PIN to print. Issue one first, then print.</source>
        <translation>Este tutor no tiene ningún PIN activo que imprimir. Primero emita uno y luego imprima.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="482"/>
        <source>This guardian has no active PIN to print ({why}). Issue one first, then print.</source>
        <translation>Este tutor no tiene ningún PIN activo que imprimir ({why}). Primero emita uno y luego imprima.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="486"/>
        <source>the parent already used the last one to register in the portal</source>
        <translation>el padre ya usó el último para registrarse en el portal</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="489"/>
        <source>the last one was revoked</source>
        <translation>el último se revocó</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="490"/>
        <source>the last one has expired</source>
        <translation>el último venció</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="492"/>
        <source>The school&apos;s own staff print the letter at the counter; only a verification by a district office queues it for the school.</source>
        <translation>El propio personal de la escuela imprime la carta en el mostrador; solo una verificación por una oficina del distrito la pone en la cola de la escuela.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="497"/>
        <source>There is no such letter waiting for the school.</source>
        <translation>No existe esa carta en espera para la escuela.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="500"/>
        <source>Only the school&apos;s own staff (a principal, an assistant principal or the school&apos;s parent access account administrator) print a letter queued by a district office.</source>
        <translation>Solo el propio personal de la escuela (un director, un subdirector o el administrador de cuentas de acceso de padres de la escuela) imprime una carta puesta en cola por una oficina del distrito.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="505"/>
        <source>This letter is no longer waiting: {outcome}.</source>
        <translation>Esta carta ya no está en espera: {outcome}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="508"/>
        <source>it was printed already</source>
        <translation>ya se imprimió</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="509"/>
        <source>a newer letter replaced it</source>
        <translation>una carta más reciente la sustituyó</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="510"/>
        <source>its PIN was revoked, used or has expired</source>
        <translation>su PIN se revocó, se usó o venció</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="513"/>
        <source>The PIN of this letter was revoked, used or has expired, so the letter was taken off the list and not printed. The guardian needs a new verification.</source>
        <translation>El PIN de esta carta se revocó, se usó o venció, así que la carta se quitó de la lista y no se imprimió. El tutor necesita una nueva verificación.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="518"/>
        <source>Another workstation has just printed this letter. Refresh the list.</source>
        <translation>Otra estación de trabajo acaba de imprimir esta carta. Actualice la lista.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="526"/>
        <source>There are no letters to print for this selection ({not_verified} not verified legal guardians, {registered} already registered, {locked} locked, {live} with a live PIN).</source>
        <translation>No hay cartas que imprimir para esta selección ({not_verified} sin tutor legal verificado, {registered} ya registrados, {locked} bloqueados, {live} con un PIN vigente).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="532"/>
        <source>A checkpoint is signed with the audit key, which this workstation does not have ({problem}).</source>
        <translation>Un punto de control se firma con la clave de auditoría, que esta estación de trabajo no tiene ({problem}).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="537"/>
        <source>The audit trail is {state}; no checkpoint written.</source>
        <translation>El registro de auditoría está en este estado: {state}; no se escribió ningún punto de control.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="540"/>
        <source>The SIS readers are not available in this program.</source>
        <translation>Los lectores del SIS no están disponibles en este programa.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="543"/>
        <source>The import was not applied: {total:,} error(s) must be fixed first; nothing was changed.
{problems}</source>
        <translation>La importación no se aplicó: primero hay que corregir {total:,} error(es); no se cambió nada.
{problems}</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="548"/>
        <source>The import was not applied: it would make {students:,} student(s) and {guardians:,} guardian(s) inactive ({deactivations:,} in all, over the threshold of {threshold:,}) and revoke {revoked:,} PIN(s); revoked PINs stay revoked. A cut-short export looks like this: check the files. If they are right, confirm with --allow-deactivations {deactivations}. Nothing was changed.</source>
        <translation>La importación no se aplicó: dejaría inactivos a {students:,} estudiante(s) y {guardians:,} tutor(es) ({deactivations:,} en total, por encima del umbral de {threshold:,}) y revocaría {revoked:,} PIN; los PIN revocados siguen revocados. Una exportación incompleta se ve así: revise los archivos. Si son correctos, confirme con --allow-deactivations {deactivations}. No se cambió nada.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="559"/>
        <source>The roster cannot be sorted by {sort!r}.</source>
        <translation>La lista no se puede ordenar por {sort!r}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="562"/>
        <source>A roster page has 1 to {maximum:,} rows.</source>
        <translation>Una página de la lista tiene de 1 a {maximum:,} filas.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="567"/>
        <source>PIN: expected text.</source>
        <translation>PIN: se esperaba texto.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="568"/>
        <source>A Parent Portal PIN has {length} letters and digits; this is far too long.</source>
        <translation>Un PIN del Portal para Padres tiene {length} letras y dígitos; esto es demasiado largo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="571"/>
        <source>Enter the Parent Portal PIN.</source>
        <translation>Escriba el PIN del Portal para Padres.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="572"/>
        <source>This has only digits, like a student (MyMail) PIN. A Parent Portal PIN always has letters and digits; it is printed on the Parent Portal PIN letter.</source>
        <translation>Esto solo tiene dígitos, como un PIN de estudiante (MyMail). Un PIN del Portal para Padres siempre tiene letras y dígitos; está impreso en la carta del PIN del Portal para Padres.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="577"/>
        <source>A Parent Portal PIN has {length} letters and digits; {entered} were entered.</source>
        <translation>Un PIN del Portal para Padres tiene {length} letras y dígitos; se escribieron {entered}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="580"/>
        <source>This PIN looks mistyped (its last symbol does not fit). Check each letter and digit against the letter and try again.</source>
        <translation>Parece que este PIN se escribió mal (su último símbolo no corresponde). Compare cada letra y dígito con la carta y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="585"/>
        <source>PIN expiry: a whole number of days.</source>
        <translation>Vencimiento del PIN: un número entero de días.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="586"/>
        <source>PIN expiry: between {minimum} and {maximum} days (default {default}).</source>
        <translation>Vencimiento del PIN: entre {minimum} y {maximum} días (predeterminado {default}).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="589"/>
        <source>Not a valid canonical PIN.</source>
        <translation>No es un PIN canónico válido.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="590"/>
        <source>A Parent Portal PIN has at least one letter.</source>
        <translation>Un PIN del Portal para Padres tiene al menos una letra.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="593"/>
        <source>Character {position} of the PIN is not a letter or digit used in PINs.</source>
        <translation>El carácter {position} del PIN no es una letra ni un dígito de los que se usan en los PIN.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="596"/>
        <source>No {what} {typed!r} {where}. Known: {known}.</source>
        <translation>No hay {what} {typed!r} {where}. Conocidos: {known}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="599"/>
        <source>No homeroom {typed!r} {where}. Known: {known}.</source>
        <translation>No hay ninguna aula {typed!r} {where}. Conocidas: {known}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="602"/>
        <source>No students in grade {grade} {where}.</source>
        <translation>No hay estudiantes en el grado {grade} {where}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="603"/>
        <source>{typed!r} matches several {what}s: {hits}. Be more precise.</source>
        <translation>{typed!r} coincide con varios ({what}): {hits}. Sea más preciso.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="606"/>
        <source>{typed!r} matches several homerooms: {rooms}. Be more precise.</source>
        <translation>{typed!r} coincide con varias aulas: {rooms}. Sea más preciso.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="609"/>
        <source>PIN expiry: between 1 and 90 days.</source>
        <translation>Vencimiento del PIN: entre 1 y 90 días.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="612"/>
        <source>encoding: {encoding!r} is not a known text encoding (try cp1252).</source>
        <translation>codificación: {encoding!r} no es una codificación de texto conocida (pruebe cp1252).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="615"/>
        <source>Time zone: {zone!r} is not a known time zone (an IANA name such as America/Los_Angeles).</source>
        <translation>Zona horaria: {zone!r} no es una zona horaria conocida (un nombre IANA como America/Los_Angeles).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="619"/>
        <source>Idle lock: between 1 and 120 minutes.</source>
        <translation>Bloqueo por inactividad: entre 1 y 120 minutos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="622"/>
        <source>Letter languages: unknown code(s) {codes}.</source>
        <translation>Idiomas de las cartas: código(s) desconocido(s) {codes}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="625"/>
        <source>Interface language: en or es.</source>
        <translation>Idioma de la interfaz: en o es.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="626"/>
        <source>Paper size: letter or a4.</source>
        <translation>Tamaño del papel: letter o a4.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="627"/>
        <source>Sign-in: workstation or database.</source>
        <translation>Inicio de sesión: workstation o database.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="627"/>
        <source>Import deactivation threshold: between 0 and 100 percent.</source>
        <translation>Umbral de desactivación en la importación: entre 0 y 100 por ciento.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="630"/>
        <source>{label}: {value} is not a grade served by the Parent Portal (TK, K or KG, 1 to 12; 01 to 12 also accepted).</source>
        <translation>{label}: {value} no es un grado atendido por el Portal para Padres (TK, K o KG, 1 a 12; también se aceptan 01 a 12).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="635"/>
        <source>{label}: {value} is not Yes or No.</source>
        <translation>{label}: {value} no es Yes ni No.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="636"/>
        <source>{label}: must not contain spaces.</source>
        <translation>{label}: no debe contener espacios.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="637"/>
        <source>{label}: {value} is ambiguous (day and month could be swapped); use YYYY-MM-DD, for example 2015-03-04 for 4 March 2015.</source>
        <translation>{label}: {value} es ambiguo (el día y el mes podrían estar invertidos); use AAAA-MM-DD, por ejemplo 2015-03-04 para el 4 de marzo de 2015.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="642"/>
        <source>{label}: {value} is not written as YYYY-MM-DD; write it as {year:04d}-{month:02d}-{day:02d} (dates are never converted silently).</source>
        <translation>{label}: {value} no está escrito como AAAA-MM-DD; escríbalo como {year:04d}-{month:02d}-{day:02d} (las fechas nunca se convierten sin avisar).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="647"/>
        <source>{label}: {value} is not written as YYYY-MM-DD (for example 2015-03-04).</source>
        <translation>{label}: {value} no está escrito como AAAA-MM-DD (por ejemplo 2015-03-04).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="650"/>
        <source>{label}: {value} is not a date; use YYYY-MM-DD (for example 2015-03-04).</source>
        <translation>{label}: {value} no es una fecha; use AAAA-MM-DD (por ejemplo 2015-03-04).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="653"/>
        <source>{label}: {value} is in the future.</source>
        <translation>{label}: {value} está en el futuro.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="654"/>
        <source>{label}: {value} is before 1900.</source>
        <translation>{label}: {value} es anterior a 1900.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="655"/>
        <source>{label}: {value} is not one of Teacher, Office staff, Assistant principal, Principal.</source>
        <translation>{label}: {value} no es uno de Teacher, Office staff, Assistant principal, Principal.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="659"/>
        <source>{label}: {value} is not a real date.</source>
        <translation>{label}: {value} no es una fecha real.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="660"/>
        <source>{label}: {value} is not a real date ({year} is not a leap year).</source>
        <translation>{label}: {value} no es una fecha real ({year} no es un año bisiesto).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="663"/>
        <source>{label}: {value} is not an e-mail address.</source>
        <translation>{label}: {value} no es una dirección de correo electrónico.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="666"/>
        <source>{label}: {value} is not a phone number.</source>
        <translation>{label}: {value} no es un número de teléfono.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="667"/>
        <source>{label}: {value} is not a web address starting with https://.</source>
        <translation>{label}: {value} no es una dirección web que empiece por https://.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="670"/>
        <source>{label}: expected text.</source>
        <translation>{label}: se esperaba texto.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="671"/>
        <source>{label}: contains a NUL byte, which is not allowed.</source>
        <translation>{label}: contiene un byte NUL, que no está permitido.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="674"/>
        <source>{label}: contains a control character.</source>
        <translation>{label}: contiene un carácter de control.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="677"/>
        <source>{label}: must be a single line.</source>
        <translation>{label}: debe ser una sola línea.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="678"/>
        <source>{label}: {length} characters is longer than the limit of {maximum}.</source>
        <translation>{label}: {length} caracteres supera el límite de {maximum}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="681"/>
        <source>{label}: is required.</source>
        <translation>{label}: es obligatorio.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="686"/>
        <source>PIN features are turned off: {problem}. Ask an administrator to set up the system keyring or a protected key file (see README, &apos;Keys&apos;).</source>
        <translation>Las funciones de PIN están desactivadas: {problem}. Pida a un administrador que configure el llavero del sistema o un archivo de claves protegido (vea README, «Keys»).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="691"/>
        <source>There is no secure place to store PIN keys on this workstation.</source>
        <translation>No hay ningún lugar seguro para guardar las claves de los PIN en esta estación de trabajo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="694"/>
        <source>This is not a ppdesk key file.</source>
        <translation>Este no es un archivo de claves de ppdesk.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="695"/>
        <source>This key file belongs to another database.</source>
        <translation>Este archivo de claves pertenece a otra base de datos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="698"/>
        <source>The database password cannot be saved: {problem}. Enter it at each start or configure the system keyring.</source>
        <translation>No se puede guardar la contraseña de la base de datos: {problem}. Escríbala en cada inicio o configure el llavero del sistema.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="703"/>
        <source>The key file {path} has no keys for this database.</source>
        <translation>El archivo de claves {path} no tiene claves para esta base de datos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="706"/>
        <source>The key file {path} can be read by other users (mode {mode}); run `chmod 600` on it.</source>
        <translation>Otros usuarios pueden leer el archivo de claves {path} (modo {mode}); ejecute `chmod 600` sobre él.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="710"/>
        <source>There is no secure place to store PIN keys on this workstation: the key file {path} cannot be written ({reason}).</source>
        <translation>No hay ningún lugar seguro para guardar las claves de los PIN en esta estación de trabajo: no se puede escribir el archivo de claves {path} ({reason}).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="715"/>
        <source>The key file is damaged.</source>
        <translation>El archivo de claves está dañado.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="716"/>
        <source>Wrong passphrase for this key file.</source>
        <translation>Frase de contraseña incorrecta para este archivo de claves.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="717"/>
        <source>The system keyring is locked or unavailable ({reason}), so the saved database password cannot be read. Unlock it and try again.</source>
        <translation>El llavero del sistema está bloqueado o no está disponible ({reason}), así que no se puede leer la contraseña guardada de la base de datos. Desbloquéelo y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="722"/>
        <source>The system keyring is locked or unavailable ({reason}). Unlock it and try again.</source>
        <translation>El llavero del sistema está bloqueado o no está disponible ({reason}). Desbloquéelo y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="726"/>
        <source>This workstation has no PIN keys for this database. An administrator must import them with `ppdesk keys import`.</source>
        <translation>Esta estación de trabajo no tiene claves de PIN para esta base de datos. Un administrador debe importarlas con `ppdesk keys import`.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="731"/>
        <source>Only a SQLite file can be backed up this way.</source>
        <translation>Solo un archivo SQLite se puede respaldar de esta manera.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="734"/>
        <source>The shared database needs an upgrade ({state}). Ask an administrator to run `ppdesk db upgrade` once, then start again.</source>
        <translation>La base de datos compartida necesita una actualización ({state}). Pida a un administrador que ejecute `ppdesk db upgrade` una vez y vuelva a iniciar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="739"/>
        <source>This database was upgraded by a newer ppdesk ({state}). Install the newer ppdesk on this workstation.</source>
        <translation>Esta base de datos la actualizó un ppdesk más reciente ({state}). Instale el ppdesk más reciente en esta estación de trabajo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="744"/>
        <source>This database already holds tables that are not ppdesk&apos;s. Point ppdesk at an empty database or at a ppdesk database.</source>
        <translation>Esta base de datos ya tiene tablas que no son de ppdesk. Indique a ppdesk una base de datos vacía o una base de datos de ppdesk.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="749"/>
        <source>The shared database has no ppdesk_api.desk_info(), which this workstation needs to sign people in. Ask an administrator to run `ppdesk db upgrade` and `ppdesk db roles --apply`, then start again.</source>
        <translation>La base de datos compartida no tiene ppdesk_api.desk_info(), que esta estación de trabajo necesita para iniciar las sesiones. Pida a un administrador que ejecute `ppdesk db upgrade` y `ppdesk db roles --apply` y vuelva a iniciar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="749"/>
        <source>This workstation connects to the shared database only as the person signed in (sign_in = database): sign in first.</source>
        <translation>Esta estación de trabajo se conecta a la base de datos compartida solo como la persona que inició sesión (sign_in = database): inicie sesión primero.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="749"/>
        <source>sign_in = database needs a shared PostgreSQL database: a SQLite file keeps ppdesk&apos;s own login.</source>
        <translation>sign_in = database necesita una base de datos PostgreSQL compartida: un archivo SQLite conserva el inicio de sesión propio de ppdesk.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="749"/>
        <source>Personal database logins are off on this database (`ppdesk db person-logins off`): ask an administrator.</source>
        <translation>Los inicios de sesión personales en la base de datos están desactivados en esta base de datos (`ppdesk db person-logins off`): consulte a un administrador.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="749"/>
        <source>Another workstation was changing the same records; nothing was saved.</source>
        <translation>Otra estación de trabajo estaba modificando los mismos registros; no se guardó nada.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="752"/>
        <source>{task} is not yet available with personal database logins; nothing was saved. Until it is, do it from a workstation without personal logins, or ask IT.</source>
        <translation>{task} todavía no está disponible con los inicios de sesión personales en la base de datos; no se guardó nada. Mientras tanto, hágalo desde un puesto sin inicios de sesión personales o consulte a TI.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="752"/>
        <source>Holding or issuing a PIN for a letter</source>
        <translation>Reservar o emitir un PIN para una carta</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="752"/>
        <source>Changing a guardian&apos;s record (custody, lock, email, status)</source>
        <translation>Cambiar el registro de un tutor (custodia, bloqueo, correo, estado)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="752"/>
        <source>PIN letters and exports</source>
        <translation>Las cartas y exportaciones de PIN</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="752"/>
        <source>SIS imports and status requests</source>
        <translation>Las importaciones del SIS y las solicitudes de estado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="752"/>
        <source>Changing a staff account&apos;s name or email</source>
        <translation>Cambiar el nombre o el correo de una cuenta del personal</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="752"/>
        <source>This task</source>
        <translation>Esta tarea</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="752"/>
        <source>The database did not answer. Nothing was saved; check the network and retry.</source>
        <translation>La base de datos no respondió. No se guardó nada; compruebe la red y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="755"/>
        <source>The connection to the database was lost while saving, so it is not known whether the change was saved. Refresh and check before doing it again (a PIN issue can simply be retried: it is never issued twice).</source>
        <translation>Se perdió la conexión con la base de datos mientras se guardaba, así que no se sabe si el cambio se guardó. Actualice y compruebe antes de volver a hacerlo (la emisión de un PIN se puede reintentar sin más: nunca se emite dos veces).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="761"/>
        <source>The database URL {url!r} is not a URL: {supported}.</source>
        <translation>La URL de la base de datos {url!r} no es una URL: {supported}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="764"/>
        <source>Unsupported database {backend!r}: ppdesk works with a SQLite file or PostgreSQL ({supported}).</source>
        <translation>Base de datos no admitida {backend!r}: ppdesk funciona con un archivo SQLite o con PostgreSQL ({supported}).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="769"/>
        <source>There is no SQLite database at {path}. Check the path (--database, PPDESK_DATABASE_URL or the settings file); nothing was created.</source>
        <translation>No hay ninguna base de datos SQLite en {path}. Revise la ruta (--database, PPDESK_DATABASE_URL o el archivo de configuración); no se creó nada.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="774"/>
        <source>Cannot reach the database ({database}).</source>
        <translation>No se puede conectar con la base de datos ({database}).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="777"/>
        <source>This PIN cannot be shown (its key is not on this workstation).</source>
        <translation>Este PIN no se puede mostrar (su clave no está en esta estación de trabajo).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="780"/>
        <source>This PIN cannot be shown: its stored form does not belong to this record.</source>
        <translation>Este PIN no se puede mostrar: su forma guardada no pertenece a este registro.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="787"/>
        <source>Paper size &apos;{name}&apos; is not known: use &apos;letter&apos; or &apos;a4&apos;.</source>
        <translation>El tamaño de papel &apos;{name}&apos; no se conoce: use &apos;letter&apos; o &apos;a4&apos;.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="790"/>
        <source>The portal address must be a web address starting with https://.</source>
        <translation>La dirección del portal debe ser una dirección web que empiece por https://.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="793"/>
        <source>The school name is required on a letter.</source>
        <translation>El nombre de la escuela es obligatorio en una carta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="796"/>
        <source>The logo image {path} cannot be read (use PNG or JPEG).</source>
        <translation>No se puede leer la imagen del logotipo {path} (use PNG o JPEG).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="799"/>
        <source>There are no letters to list.</source>
        <translation>No hay cartas que listar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="800"/>
        <source>There are no letters to print.</source>
        <translation>No hay cartas que imprimir.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="801"/>
        <source>Database URL: leave the password out; it is saved in the system keyring.</source>
        <translation>URL de la base de datos: no incluya la contraseña; se guarda en el llavero del sistema.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="804"/>
        <source>Settings file {path}: {setting} must be {wanted}, not {value}.</source>
        <translation>Archivo de configuración {path}: {setting} debe ser {wanted}, no {value}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="807"/>
        <source>Settings file {path}: {problem}</source>
        <translation>Archivo de configuración {path}: {problem}</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="810"/>
        <source>Settings file {path} is not valid TOML: {problem}</source>
        <translation>El archivo de configuración {path} no es TOML válido: {problem}</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="813"/>
        <source>{label}: {length} characters is longer than the limit of {maximum} for a ppdesk user name.</source>
        <translation>{label}: {length} caracteres supera el límite de {maximum} para un nombre de usuario de ppdesk.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="818"/>
        <source>{label}: {value} is longer than {maximum} characters; use a language code such as es, or a name such as Spanish.</source>
        <translation>{label}: {value} tiene más de {maximum} caracteres; use un código de idioma como es, o un nombre como Spanish.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="827"/>
        <source>No guardian of this student has this name.</source>
        <translation>Ningún tutor de este estudiante tiene este nombre.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="830"/>
        <source>Two guardians of this student have this name; use the desk.</source>
        <translation>Dos tutores de este estudiante tienen este nombre; use el programa de escritorio.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="833"/>
        <source>--dob: use YYYY-MM-DD, for example 2015-03-04.</source>
        <translation>--dob: use AAAA-MM-DD, por ejemplo 2015-03-04.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="836"/>
        <source>{option}: use YYYY-MM-DD, for example 2031-03-04.</source>
        <translation>{option}: use AAAA-MM-DD, por ejemplo 2031-03-04.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="842"/>
        <source>database schema {current} is newer than this program ({head}). Install the newer ppdesk instead.</source>
        <translation>el esquema de la base de datos {current} es más reciente que este programa ({head}). Instale el ppdesk más reciente.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="847"/>
        <source>this database holds tables that are not ppdesk&apos;s</source>
        <translation>esta base de datos tiene tablas que no son de ppdesk</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="850"/>
        <source>Database roles exist only on a shared PostgreSQL database; a SQLite file is one workstation&apos;s and keeps ppdesk&apos;s own login.</source>
        <translation>Las funciones de base de datos solo existen en una base de datos PostgreSQL compartida; un archivo SQLite es de una sola estación de trabajo y conserva el inicio de sesión propio de ppdesk.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="855"/>
        <source>Personal database logins exist only on a shared PostgreSQL database.</source>
        <translation>Los inicios de sesión personales en la base de datos solo existen en una base de datos PostgreSQL compartida.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="858"/>
        <source>Cannot reach the database ({database}): {detail} Check the network and the settings, then retry.</source>
        <translation>No se puede conectar con la base de datos ({database}): {detail} Compruebe la red y la configuración y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="863"/>
        <source>Cannot reach the database ({database}): {detail}</source>
        <translation>No se puede conectar con la base de datos ({database}): {detail}</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="866"/>
        <source>Cannot use this database: {detail}</source>
        <translation>No se puede usar esta base de datos: {detail}</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="867"/>
        <source>The shared database refused this ({reason}); nothing was changed.</source>
        <translation>La base de datos compartida lo rechazó ({reason}); no se cambió nada.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="870"/>
        <source>The PIN keys on this workstation do not belong to this database. An administrator must import the right keys with `ppdesk keys import`.</source>
        <translation>Las claves de PIN de esta estación de trabajo no pertenecen a esta base de datos. Un administrador debe importar las claves correctas con `ppdesk keys import`.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="875"/>
        <source>The schema is not current ({state}): run `ppdesk db upgrade` first.</source>
        <translation>El esquema no está al día ({state}): ejecute primero `ppdesk db upgrade`.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="878"/>
        <source>Run `ppdesk db roles --apply` first (as an administrator).</source>
        <translation>Ejecute primero `ppdesk db roles --apply` (como administrador).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="887"/>
        <source>{file}, line {line}</source>
        <translation>{file}, línea {line}</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="888"/>
        <source>Letter template {where}: cannot be read ({reason}).</source>
        <translation>Plantilla de carta {where}: no se puede leer ({reason}).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="891"/>
        <source>Letter template {where}: not valid TOML ({detail}).</source>
        <translation>Plantilla de carta {where}: no es TOML válido ({detail}).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="894"/>
        <source>Letter template {where}: unknown section [{section}].</source>
        <translation>Plantilla de carta {where}: sección desconocida [{section}].</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="897"/>
        <source>Letter template {where}: missing section [{section}].</source>
        <translation>Plantilla de carta {where}: falta la sección [{section}].</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="900"/>
        <source>Letter template {where}: unknown key &apos;{name}&apos; in [{section}].</source>
        <translation>Plantilla de carta {where}: clave desconocida &apos;{name}&apos; en [{section}].</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="903"/>
        <source>Letter template {where}: [{section}] is missing the key &apos;{name}&apos;.</source>
        <translation>Plantilla de carta {where}: a [{section}] le falta la clave &apos;{name}&apos;.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="906"/>
        <source>Letter template {where}: months must list 12 names.</source>
        <translation>Plantilla de carta {where}: months debe enumerar 12 nombres.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="909"/>
        <source>Letter template {where}: language must be &apos;{expected}&apos; (the file name).</source>
        <translation>Plantilla de carta {where}: language debe ser &apos;{expected}&apos; (el nombre del archivo).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="912"/>
        <source>Letter template {where}: direction must be &apos;ltr&apos; (left to right) or &apos;rtl&apos; (right to left).</source>
        <translation>Plantilla de carta {where}: direction debe ser &apos;ltr&apos; (de izquierda a derecha) o &apos;rtl&apos; (de derecha a izquierda).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="917"/>
        <source>Letter template {where}: {item} must be text in quotes.</source>
        <translation>Plantilla de carta {where}: {item} debe ser texto entre comillas.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="920"/>
        <source>Letter template {where}: {item} has a lone &apos;{brace}&apos;; write &apos;{brace}{brace}&apos; to print a brace.</source>
        <translation>Plantilla de carta {where}: {item} tiene una llave &apos;{brace}&apos; suelta; escriba &apos;{brace}{brace}&apos; para imprimir una llave.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="925"/>
        <source>Letter template {where}: {item} uses unknown placeholder {{{name}}}. Known: {known}.</source>
        <translation>Plantilla de carta {where}: {item} usa el marcador desconocido {{{name}}}. Marcadores conocidos: {known}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="929"/>
        <source>Letter template {where}: {item} must contain the placeholder {{{name}}}.</source>
        <translation>Plantilla de carta {where}: {item} debe contener el marcador {{{name}}}.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="932"/>
        <source>Letter template {where}: {item} has an unclosed &apos;**&apos; (bold).</source>
        <translation>Plantilla de carta {where}: {item} tiene un &apos;**&apos; (negrita) sin cerrar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="935"/>
        <source>Letter template {where}: missing section [bulk]: a bulk letter must say that its PIN works only once the school office has checked the parent&apos;s photo ID (see docs/letters.md).</source>
        <translation>Plantilla de carta {where}: falta la sección [bulk]: una carta masiva debe decir que su PIN solo funciona cuando la oficina de la escuela haya comprobado la identificación con foto del padre o la madre (vea docs/letters.md).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="941"/>
        <source>Letter template {where}: [bulk] activation must say that the PIN works once the office has checked the photo ID.</source>
        <translation>Plantilla de carta {where}: activation de [bulk] debe decir que el PIN funciona cuando la oficina haya comprobado la identificación con foto.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="946"/>
        <source>Letter template {where}: [bulk] intro opens like the counter letter; nobody has verified the parent when a bulk letter is printed, so it must not say so.</source>
        <translation>Plantilla de carta {where}: intro de [bulk] empieza como la carta del mostrador; nadie ha verificado al padre o la madre cuando se imprime una carta masiva, así que no debe decirlo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="951"/>
        <source>Letter template {where}: the English template is required.</source>
        <translation>Plantilla de carta {where}: se necesita la plantilla en inglés.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="256"/>
        <source>This letter was already handed over; its PIN is live.</source>
        <translation>Esta carta ya se entregó; su PIN está activo.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="259"/>
        <source>There is no held letter for this guardian.</source>
        <translation>No hay ninguna carta retenida para este padre, madre o tutor.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="521"/>
        <source>Bulk PIN letters are switched off for this school. Issue PINs at the counter after a verification, or ask the principal to switch bulk letters on in Settings.</source>
        <translation>Las cartas de PIN masivas están desactivadas en esta escuela. Emita los PIN en el mostrador después de una verificación, o pida al director que active las cartas masivas en Configuración.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="18"/>
        <source>California ID</source>
        <translation>Identificación de California</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="19"/>
        <source>Driver&apos;s license</source>
        <translation>Licencia de conducir</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="20"/>
        <source>Consulate card</source>
        <translation>Matrícula consular</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="21"/>
        <source>Passport</source>
        <translation>Pasaporte</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="23"/>
        <source>Date of birth: no answer recorded.</source>
        <translation>Fecha de nacimiento: no se registró respuesta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="24"/>
        <source>Date of birth: not understood as a date. Type month/day/year with a four-digit year, or write the month&apos;s name.</source>
        <translation>Fecha de nacimiento: no se entiende como fecha. Escriba mes/día/año con el año de cuatro dígitos o el nombre del mes.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="29"/>
        <source>Date of birth: does not match the record.</source>
        <translation>Fecha de nacimiento: no coincide con el expediente.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="30"/>
        <source>Student&apos;s name: no answer recorded.</source>
        <translation>Nombre del estudiante: no se registró respuesta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="31"/>
        <source>Student&apos;s name: does not match the record.</source>
        <translation>Nombre del estudiante: no coincide con el expediente.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="32"/>
        <source>Grade: no answer recorded.</source>
        <translation>Grado: no se registró respuesta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="33"/>
        <source>Grade: not understood (for example: TK, K, first, grade five, tenth).</source>
        <translation>Grado: no se entiende (por ejemplo: TK, K, first, grade five, tenth).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="36"/>
        <source>Grade: does not match the record.</source>
        <translation>Grado: no coincide con el expediente.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="37"/>
        <source>Address: no answer recorded.</source>
        <translation>Dirección: no se registró respuesta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="38"/>
        <source>Address: does not match the record.</source>
        <translation>Dirección: no coincide con el expediente.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="39"/>
        <source>Phone number: no answer recorded.</source>
        <translation>Número de teléfono: no se registró respuesta.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="40"/>
        <source>Phone number: not a ten-digit US number.</source>
        <translation>Número de teléfono: no es un número de EE. UU. de diez dígitos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="41"/>
        <source>Phone number: does not match any phone number on the record.</source>
        <translation>Número de teléfono: no coincide con ningún teléfono del expediente.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="42"/>
        <source>Emergency contact: a name and a phone number are both needed.</source>
        <translation>Contacto de emergencia: se necesitan un nombre y un número de teléfono.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="43"/>
        <source>Emergency contact: the phone number is not a ten-digit US number.</source>
        <translation>Contacto de emergencia: el teléfono no es un número de EE. UU. de diez dígitos.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="46"/>
        <source>Emergency contact: this name and phone number do not match any emergency contact on the record.</source>
        <translation>Contacto de emergencia: este nombre y teléfono no coinciden con ningún contacto de emergencia del expediente.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="51"/>
        <source>One or more answers do not match the record.</source>
        <translation>Una o más respuestas no coinciden con el expediente.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="52"/>
        <source>Choose the type of photo ID shown (California ID, Driver&apos;s license, Consulate card, Passport).</source>
        <translation>Elija el tipo de identificación con foto mostrada (identificación de California, licencia de conducir, matrícula consular, pasaporte).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="57"/>
        <source>The name on the photo ID does not match the guardian&apos;s name.</source>
        <translation>El nombre de la identificación con foto no coincide con el del tutor.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="58"/>
        <source>Enter the photo ID&apos;s expiry date.</source>
        <translation>Escriba la fecha de vencimiento de la identificación con foto.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="59"/>
        <source>The photo ID has expired.</source>
        <translation>La identificación con foto está vencida.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/messages.py" line="60"/>
        <source>On a video call the guardian must be seen directly on the screen with the ID.</source>
        <translation>En una videollamada el tutor debe verse directamente en pantalla con la identificación.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="44"/>
        <source>Your role does not allow looking up students here.</source>
        <translation>Su función no permite buscar estudiantes aquí.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="47"/>
        <source>Your role only shows the students of your own homeroom.</source>
        <translation>Su función solo muestra los estudiantes de su propia aula.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="50"/>
        <source>Only a principal, an assistant principal or a parent access account administrator can verify a parent&apos;s identity.</source>
        <translation>Solo un director, un subdirector o un administrador de cuentas de acceso de padres puede verificar la identidad de un padre.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="55"/>
        <source>Only a principal, an assistant principal or a parent access account administrator can issue, reissue, revoke or reveal a Parent Portal PIN.</source>
        <translation>Solo un director, un subdirector o un administrador de cuentas de acceso de padres puede emitir, volver a emitir, revocar o mostrar un PIN del Portal para Padres.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="60"/>
        <source>Only a principal or an assistant principal can print letters in bulk.</source>
        <translation>Solo un director o un subdirector puede imprimir cartas en lote.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="63"/>
        <source>Only a principal or an assistant principal can export the Student/Parent PIN roster.</source>
        <translation>Solo un director o un subdirector puede exportar la lista de PIN de estudiantes y padres.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="67"/>
        <source>Only a principal or an assistant principal can record a verified parent and legal guardian.</source>
        <translation>Solo un director o un subdirector puede registrar a un padre verificado y tutor legal.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="72"/>
        <source>Only a principal or an assistant principal can unlock a guardian.</source>
        <translation>Solo un director o un subdirector puede desbloquear a un tutor.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="83"/>
        <source>Only a district administrator can switch where a school records the verified parent and legal guardian status.</source>
        <translation>Solo un administrador del distrito puede cambiar dónde registra una escuela el estado de padre verificado y tutor legal.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="88"/>
        <source>Only a principal or an assistant principal can read the audit trail.</source>
        <translation>Solo un director o un subdirector puede consultar el registro de auditoría.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="91"/>
        <source>Only a principal or a district administrator can import SIS data.</source>
        <translation>Solo un director o un administrador del distrito puede importar datos del SIS.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="94"/>
        <source>Only a principal or a district administrator can import SIS data. (The import concerns school {school}, which is outside your schools.)</source>
        <translation>Solo un director o un administrador del distrito puede importar datos del SIS. (La importación corresponde a la escuela {school}, que no es una de sus escuelas.)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="99"/>
        <source>Only a principal or a district administrator can manage staff accounts.</source>
        <translation>Solo un director o un administrador del distrito puede gestionar las cuentas del personal.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="102"/>
        <source>Only a principal or a district administrator can export or import PIN keys.</source>
        <translation>Solo un director o un administrador del distrito puede exportar o importar las claves de los PIN.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="106"/>
        <source>Only a principal or an assistant principal can run these reports.</source>
        <translation>Solo un director o un subdirector puede generar estos informes.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="109"/>
        <source>Only school office staff, parent access account administrators, principals and assistant principals can run these reports.</source>
        <translation>Solo el personal de la oficina escolar, los administradores de cuentas de acceso de padres, los directores y los subdirectores pueden generar estos informes.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="123"/>
        <source>For your protection, enter your password again before showing, printing or exporting PINs.</source>
        <translation>Por su protección, vuelva a escribir su contraseña antes de mostrar, imprimir o exportar PIN.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="128"/>
        <source>password: use at least {minimum} characters (a short phrase works well).</source>
        <translation>contraseña: use al menos {minimum} caracteres (una frase corta funciona bien).</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="131"/>
        <source>password: at most {maximum} characters.</source>
        <translation>contraseña: como máximo {maximum} caracteres.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="132"/>
        <source>password: contains a NUL byte.</source>
        <translation>contraseña: contiene un byte NUL.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="133"/>
        <source>This record is being changed on another workstation, so nothing was saved. Please try again in a moment.</source>
        <translation>Otra estación de trabajo está modificando este registro, así que no se guardó nada. Vuelva a intentarlo en un momento.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="75"/>
        <source>Only a principal or a district administrator can grant or revoke the parent access account administrator role.</source>
        <translation>Solo un director o un administrador del distrito puede asignar o retirar la función de administrador de cuentas de acceso de padres.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/domain/messages.py" line="80"/>
        <source>Only a district administrator can grant or revoke this role.</source>
        <translation>Solo un administrador del distrito puede asignar o retirar esta función.</translation>
    </message>
    <message>
        <source>New PIN keys are made on an administrator&apos;s workstation (sign_in = &quot;workstation&quot;, its role a member of the database&apos;s owner role), not over a personal login: nothing was changed.</source>
        <translation>Las claves de PIN nuevas se crean en la estación de un administrador (sign_in = &quot;workstation&quot;, con un rol miembro del rol propietario de la base de datos), no con un inicio de sesión personal: no se cambió nada.</translation>
    </message>
    <message>
        <source>The PostgreSQL user {user} may not read this database&apos;s tables: it is a staff member&apos;s own login. A workstation connecting as its own role needs an administrator&apos;s role in its database URL; a counter desk signs people in instead: set sign_in = &quot;database&quot; and leave the user out of the URL (docs/district-setup.md).</source>
        <translation>El usuario de PostgreSQL {user} no puede leer las tablas de esta base de datos: es el inicio de sesión propio de un miembro del personal. Una estación que se conecta con su propio rol necesita el rol de un administrador en la URL de la base de datos; un mostrador hace iniciar sesión a cada persona: ponga sign_in = &quot;database&quot; y deje el usuario fuera de la URL (docs/district-setup.md).</translation>
    </message>
</context>
<context>
    <name>models</name>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="33"/>
        <source>not issued</source>
        <translation>no emitido</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="34"/>
        <source>held, not handed over</source>
        <translation>retenido, no entregado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="35"/>
        <source>active</source>
        <translation>activo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="36"/>
        <source>expired</source>
        <translation>vencido</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="37"/>
        <source>used (linked in the portal)</source>
        <translation>usado (vinculado en el portal)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="38"/>
        <source>revoked</source>
        <translation>revocado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="72"/>
        <source>%1 %2, %3</source>
        <translation>%2 %1 %3</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="116"/>
        <source>%1, use by %2</source>
        <translation>%1, usar antes del %2</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="125"/>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="127"/>
        <location filename="../../ppdesk/gui/models.py" line="285"/>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="205"/>
        <location filename="../../ppdesk/gui/models.py" line="235"/>
        <source>Student ID</source>
        <translation>Id. de estudiante</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="206"/>
        <location filename="../../ppdesk/gui/models.py" line="318"/>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="63"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="208"/>
        <source>Grade</source>
        <translation>Grado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="210"/>
        <source>Homeroom</source>
        <translation>Aula</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="211"/>
        <source>School</source>
        <translation>Escuela</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="232"/>
        <location filename="../../ppdesk/gui/models.py" line="264"/>
        <source>Guardian</source>
        <translation>Tutor</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="233"/>
        <location filename="../../ppdesk/gui/models.py" line="265"/>
        <location filename="../../ppdesk/gui/models.py" line="319"/>
        <source>Relationship</source>
        <translation>Parentesco</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="234"/>
        <source>Student</source>
        <translation>Estudiante</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="237"/>
        <location filename="../../ppdesk/gui/models.py" line="267"/>
        <source>Verified legal guardian</source>
        <translation>Tutor legal verificado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="241"/>
        <location filename="../../ppdesk/gui/models.py" line="271"/>
        <source>Parent Portal PIN</source>
        <translation>PIN del Portal para Padres</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="244"/>
        <source>Phones</source>
        <translation>Teléfonos</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="245"/>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="64"/>
        <source>Email</source>
        <translation>Correo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="275"/>
        <source>Portal account</source>
        <translation>Cuenta del portal</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="277"/>
        <source>not registered</source>
        <translation>no registrada</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="281"/>
        <source>Verification lock</source>
        <translation>Bloqueo de verificación</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="283"/>
        <source>LOCKED</source>
        <translation>BLOQUEADO</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="306"/>
        <source>%1 (link id %2)</source>
        <translation>%1 (id. del vínculo %2)</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="320"/>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="84"/>
        <source>Seq</source>
        <translation>Núm.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="86"/>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="90"/>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="91"/>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="92"/>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="94"/>
        <source>Target</source>
        <translation>Objeto</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/audit_tab.py" line="97"/>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="62"/>
        <source>User name</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="65"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/staff_tab.py" line="66"/>
        <source>Roles</source>
        <translation>Funciones</translation>
    </message>
</context>
<context>
    <name>months</name>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="80"/>
        <source>January</source>
        <translation>enero</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="81"/>
        <source>February</source>
        <translation>febrero</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="82"/>
        <source>March</source>
        <translation>marzo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="83"/>
        <source>April</source>
        <translation>abril</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="84"/>
        <source>May</source>
        <translation>mayo</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="85"/>
        <source>June</source>
        <translation>junio</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="86"/>
        <source>July</source>
        <translation>julio</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="87"/>
        <source>August</source>
        <translation>agosto</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="88"/>
        <source>September</source>
        <translation>septiembre</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="89"/>
        <source>October</source>
        <translation>octubre</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="90"/>
        <source>November</source>
        <translation>noviembre</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/models.py" line="91"/>
        <source>December</source>
        <translation>diciembre</translation>
    </message>
</context>
<context>
    <name>office</name>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="49"/>
        <source>Roster</source>
        <translation>Lista</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="50"/>
        <source>Letters</source>
        <translation>Cartas</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="51"/>
        <source>Letters to print</source>
        <translation>Cartas por imprimir</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="52"/>
        <source>Audit</source>
        <translation>Auditoría</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="53"/>
        <source>Staff and roles</source>
        <translation>Personal y funciones</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="54"/>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="55"/>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="60"/>
        <source>Every student and guardian of your schools, with their PINs.</source>
        <translation>Todos los estudiantes y tutores de sus escuelas, con sus PIN.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="63"/>
        <source>Print PIN letters for a whole school or grade.</source>
        <translation>Imprimir cartas con el PIN para toda una escuela o un grado.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="64"/>
        <source>PIN letters of district verifications waiting to be printed here.</source>
        <translation>Cartas con el PIN de verificaciones del distrito que esperan a imprimirse aquí.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="67"/>
        <source>Who did what, when: the audit trail.</source>
        <translation>Quién hizo qué y cuándo: el registro de auditoría.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="68"/>
        <source>Staff accounts and the roles they hold.</source>
        <translation>Las cuentas del personal y los roles que tienen.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="69"/>
        <source>Bring students and guardians in from the SIS.</source>
        <translation>Traer estudiantes y tutores desde el SIS.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="70"/>
        <source>The database, the school profile and this desk.</source>
        <translation>La base de datos, el perfil de la escuela y este puesto.</translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="39"/>
        <source>Principal</source>
        <translation>Director</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="40"/>
        <source>Assistant principal</source>
        <translation>Subdirector</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="41"/>
        <source>Parent access account administrator</source>
        <translation>Administrador de cuentas de acceso de padres</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="42"/>
        <source>Office staff</source>
        <translation>Personal de oficina</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="43"/>
        <source>Teacher</source>
        <translation>Maestro</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/office/i18n.py" line="44"/>
        <source>District administrator</source>
        <translation>Administrador del distrito</translation>
    </message>
</context>
<context>
    <name>search</name>
    <message>
        <location filename="../../ppdesk/gui/search.py" line="51"/>
        <source>No student found for “%1”.</source>
        <translation>No se encontró ningún estudiante para «%1».</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/search.py" line="52"/>
        <source>The first %1 students: type more to narrow the list.</source>
        <translation>Los primeros %1 estudiantes: escriba más para acotar la lista.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/search.py" line="53"/>
        <source>1 student</source>
        <translation>1 estudiante</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/search.py" line="54"/>
        <source>%1 students</source>
        <translation>%1 estudiantes</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/search.py" line="57"/>
        <source>No guardian found for “%1”.</source>
        <translation>No se encontró ningún tutor para «%1».</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/search.py" line="58"/>
        <source>The first %1 guardians: type more to narrow the list.</source>
        <translation>Los primeros %1 tutores: escriba más para acotar la lista.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/search.py" line="59"/>
        <source>1 guardian</source>
        <translation>1 tutor</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/search.py" line="60"/>
        <source>%1 guardians</source>
        <translation>%1 tutores</translation>
    </message>
</context>
<context>
    <name>wizard</name>
    <message>
        <location filename="../../ppdesk/gui/wizard_pages.py" line="47"/>
        <source>Nothing you typed is lost: press %1 again to retry.</source>
        <translation>No se ha perdido nada de lo escrito: pulse %1 de nuevo para reintentar.</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard_pages.py" line="93"/>
        <source>&amp;Start verification</source>
        <translation>&amp;Empezar verificación</translation>
    </message>
    <message>
        <location filename="../../ppdesk/gui/wizard_pages.py" line="243"/>
        <source>&amp;Check identity</source>
        <translation>&amp;Comprobar identidad</translation>
    </message>
</context>
</TS>
